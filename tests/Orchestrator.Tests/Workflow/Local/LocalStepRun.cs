namespace MptcpMatrix.Orchestrator.Tests.Workflow.Local;

/// <summary>One step of a <see cref="LocalJobRun"/>.</summary>
/// <param name="Name">The step's name, else its id, else its <c>uses:</c>.</param>
/// <param name="Ran">How it ran: <c>shell</c>, <c>action</c> (simulated, e.g. artifact upload), <c>composite</c>, or why not.</param>
/// <param name="ExitCode">The shell's exit code; null when it did not run a shell.</param>
/// <param name="Output">Its stdout and stderr.</param>
public sealed record LocalStepRun(string Name, string Ran, int? ExitCode, string Output);
