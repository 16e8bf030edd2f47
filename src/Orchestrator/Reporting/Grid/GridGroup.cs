namespace MptcpMatrix.Orchestrator.Reporting.Grid;

/// <summary>A check group (<c>full_info</c>, <c>mptcp_info</c>, <c>ip_tos</c>...): its summary row and its checks.</summary>
/// <param name="Agrees">Every check of the group has the same mark on every column: the summary row says it all.</param>
internal sealed record GridGroup(string Name, GridRow Summary, IReadOnlyList<GridRow> Checks, bool Agrees)
{
    /// <summary>The most urgent mark of the group on any column.</summary>
    public GridMark Worst => Summary.Entries.Select(e => e.Mark).DefaultIfEmpty(GridMark.NotRun).MinBy(GridMarks.Rank);
}
