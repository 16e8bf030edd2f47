namespace MptcpMatrix.Agent.Init;

/// <summary>How a <see cref="GuestProgram"/> ended: its exit status (or the signal that ended it) and its output.</summary>
/// <param name="Exit">The exit status; null when a signal ended it, it timed out or could not start.</param>
/// <param name="Signal">The signal that ended it, if any.</param>
/// <param name="Problem">Why it could not run (posix_spawn's errno, a timeout), else null.</param>
/// <param name="Output">Standard output and error, interleaved, up to <see cref="GuestProgramRunner.OutputLimit"/> bytes.</param>
internal sealed record GuestProgramResult(string Name, string Variant, IReadOnlyList<string> Argv, int? Exit, int? Signal, string? Problem,
    double DurationMs, string Output);
