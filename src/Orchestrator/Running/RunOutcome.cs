namespace MptcpMatrix.Orchestrator.Running;

/// <summary>How a run ended: cells planned, finished in this invocation, still missing, and whether Ctrl-C stopped it.</summary>
internal sealed record RunOutcome(string OutDir, int Planned, int Completed, int Missing, bool Interrupted);
