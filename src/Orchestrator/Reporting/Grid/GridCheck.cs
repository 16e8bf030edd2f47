using MptcpMatrix.Contracts;
using MptcpMatrix.Orchestrator.Cells;

namespace MptcpMatrix.Orchestrator.Reporting.Grid;

/// <summary>One check result behind a grid entry: which cell (backend, variant, repeat) and family produced it.</summary>
internal sealed record GridCheck(CellResult Cell, string Family, CheckResult Check)
{
    public GridMark Mark { get; } = GridMarks.Of(CheckKinds.Of(Check));
}
