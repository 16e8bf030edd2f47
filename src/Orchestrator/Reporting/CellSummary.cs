using MptcpMatrix.Orchestrator.Cells;

namespace MptcpMatrix.Orchestrator.Reporting;

/// <summary>report.json's per-cell counts: the cell's status, its checks by kind, and its unexpected outcomes in words (null: none).</summary>
internal sealed record CellSummary(string Id, CellStatus Status, CheckCounts Checks, string? Unexpected)
{
    public static CellSummary Of(CellResult cell)
    {
        var counts = CheckCounts.Of(CheckRows.Checks(cell).Select(c => c.Check));
        return new CellSummary(cell.Cell.Id, cell.Status, counts, counts.UnexpectedText());
    }
}
