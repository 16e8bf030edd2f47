namespace MptcpMatrix.Orchestrator.Reporting;

/// <summary>How this run's checks compare with a baseline report.</summary>
public sealed record BaselineComparison(
    string Baseline,
    int NewPass,
    int Regressions,
    int StillFailing,
    int Fixed,
    IReadOnlyList<CheckChange> Changes);
