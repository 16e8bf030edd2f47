namespace MptcpMatrix.Orchestrator.Commands;

/// <summary>The parsed options of <c>matrix run</c>.</summary>
public sealed record RunOptions(
    string ConfigPath,
    IReadOnlyList<string> Cells,
    IReadOnlyList<string> Filters,
    int? Parallel,
    string? OutDir,
    bool DryRun,
    bool Resume);
