namespace MptcpMatrix.Orchestrator.Commands;

/// <summary>The parsed options of <c>matrix run</c>.</summary>
/// <param name="ConfigPath"><c>-c</c>, or null when it was left out (a new run reads ./matrix.yml, a resumed run its own copy).</param>
internal sealed record RunOptions(
    string? ConfigPath,
    IReadOnlyList<string> Cells,
    IReadOnlyList<string> Filters,
    int? Parallel,
    string? OutDir,
    bool DryRun,
    bool Resume);
