using MptcpMatrix.Orchestrator.Cells;

namespace MptcpMatrix.Orchestrator.Reporting;

/// <summary><c>report.json</c>: every cell result merged from one or many result directories.</summary>
/// <param name="Sources">The input directories (full paths, sorted: the report does not depend on their order).</param>
/// <param name="CellChecks">Per cell (in <paramref name="Cells"/> order): its check counts by kind and its unexpected outcomes.</param>
/// <param name="Kernels">Kernel names in the plan's (matrix.yml) order, from the sources' run.json; reports list kernels
/// in this order (null: the order the cells first name them).</param>
/// <param name="OnDuplicate">The <c>--on-duplicate</c> policy the report was built with.</param>
/// <param name="Duplicates">Cell ids the inputs held with different verdicts, and which result was kept.</param>
internal sealed record ReportDocument(
    int SchemaVersion,
    DateTimeOffset GeneratedAt,
    IReadOnlyList<string> Sources,
    ReportSummary Summary,
    IReadOnlyList<CellResult> Cells,
    IReadOnlyList<CellSummary> CellChecks,
    BaselineComparison? Baseline,
    IReadOnlyList<string>? Kernels,
    DuplicatePolicy OnDuplicate,
    IReadOnlyList<DuplicateCell> Duplicates)
{
    /// <summary>2: check counts by kind (summary.checks is an object), cell_checks, the baseline's change classes, duplicates.</summary>
    public const int CurrentSchemaVersion = 2;

    /// <summary>A document for <paramref name="cells"/> with its summary and per-cell counts computed.</summary>
    public static ReportDocument Create(DateTimeOffset generatedAt, IReadOnlyList<string> sources, IReadOnlyList<CellResult> cells,
        BaselineComparison? baseline = null, IReadOnlyList<string>? kernels = null, DuplicatePolicy onDuplicate = DuplicatePolicy.Fail,
        IReadOnlyList<DuplicateCell>? duplicates = null)
    {
        var perCell = cells.Select(CellSummary.Of).ToList();
        return new ReportDocument(CurrentSchemaVersion, generatedAt, sources, ReportBuilder.Summarize(cells, perCell, baseline), cells, perCell, baseline,
            kernels, onDuplicate, duplicates ?? []);
    }

    /// <summary>The cells grouped by kernel, in <see cref="Kernels"/> order (kernels it does not name follow, in first-seen order).</summary>
    public IReadOnlyList<IGrouping<string, CellResult>> CellsByKernel()
    {
        var rank = (Kernels ?? []).Select((k, i) => (k, i)).DistinctBy(p => p.k, StringComparer.Ordinal).ToDictionary(p => p.k, p => p.i, StringComparer.Ordinal);
        return Cells.GroupBy(c => c.Cell.Kernel, StringComparer.Ordinal)
            .Select((g, seen) => (g, seen))
            .OrderBy(p => rank.TryGetValue(p.g.Key, out var r) ? r : int.MaxValue).ThenBy(p => p.seen)
            .Select(p => p.g).ToList();
    }
}
