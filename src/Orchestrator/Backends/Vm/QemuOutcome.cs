namespace MptcpMatrix.Orchestrator.Backends.Vm;

/// <summary>How a QEMU boot ended.</summary>
/// <param name="ExitCode">QEMU's exit code (null when it was killed).</param>
/// <param name="TimedOut">Killed at the timeout.</param>
/// <param name="StandardError">What QEMU itself printed (start-up errors).</param>
/// <param name="EndedOnResults">Stopped by the orchestrator because the guest's results were complete and verified
/// (<see cref="ResultsWatch"/>), before the guest powered off by itself.</param>
internal sealed record QemuOutcome(int? ExitCode, bool TimedOut, TimeSpan Duration, string StandardError, bool EndedOnResults = false);
