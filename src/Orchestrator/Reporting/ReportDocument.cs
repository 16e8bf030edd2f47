using MptcpMatrix.Orchestrator.Cells;

namespace MptcpMatrix.Orchestrator.Reporting;

/// <summary><c>report.json</c>: every cell result merged from one or many result directories.</summary>
/// <param name="Kernels">Kernel names in the plan's (matrix.yml) order, from the sources' run.json; reports list kernels
/// in this order (null: the order the cells first name them).</param>
public sealed record ReportDocument(
    int SchemaVersion,
    DateTimeOffset GeneratedAt,
    IReadOnlyList<string> Sources,
    ReportSummary Summary,
    IReadOnlyList<CellResult> Cells,
    BaselineComparison? Baseline,
    IReadOnlyList<string>? Kernels = null)
{
    /// <summary>The cells grouped by kernel, in <see cref="Kernels"/> order (kernels it does not name follow, in first-seen order).</summary>
    public IReadOnlyList<IGrouping<string, CellResult>> CellsByKernel()
    {
        var rank = (Kernels ?? []).Select((k, i) => (k, i)).DistinctBy(p => p.k, StringComparer.Ordinal).ToDictionary(p => p.k, p => p.i, StringComparer.Ordinal);
        return Cells.GroupBy(c => c.Cell.Kernel, StringComparer.Ordinal)
            .Select((g, seen) => (g, seen))
            .OrderBy(p => rank.TryGetValue(p.g.Key, out var r) ? r : int.MaxValue).ThenBy(p => p.seen)
            .Select(p => p.g).ToList();
    }

    public const int CurrentSchemaVersion = 1;
}
