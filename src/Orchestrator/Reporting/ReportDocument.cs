using MptcpMatrix.Orchestrator.Cells;

namespace MptcpMatrix.Orchestrator.Reporting;

/// <summary><c>report.json</c>: every cell result merged from one or many result directories.</summary>
public sealed record ReportDocument(
    int SchemaVersion,
    DateTimeOffset GeneratedAt,
    IReadOnlyList<string> Sources,
    ReportSummary Summary,
    IReadOnlyList<CellResult> Cells,
    BaselineComparison? Baseline)
{
    public const int CurrentSchemaVersion = 1;
}
