namespace MptcpMatrix.Orchestrator.Commands;

/// <summary>The parsed options of <c>matrix run</c>.</summary>
/// <param name="ConfigPath"><c>-c</c>, or null when it was left out (a new run reads ./matrix.yml, a resumed run its own copy).</param>
/// <param name="Baseline"><c>--baseline</c>: a previous run's report.json the reports compare with (as <c>matrix report --baseline</c>).</param>
/// <param name="FailOn"><c>--fail-on</c> as typed; needs <paramref name="Baseline"/>.</param>
internal sealed record RunOptions(
    string? ConfigPath,
    IReadOnlyList<string> Cells,
    IReadOnlyList<string> Filters,
    int? Parallel,
    string? OutDir,
    bool DryRun,
    bool Resume,
    string? Baseline = null,
    string? FailOn = null);
