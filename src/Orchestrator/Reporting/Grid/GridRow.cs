namespace MptcpMatrix.Orchestrator.Reporting.Grid;

/// <summary>A check (or a whole check group) across the grid's columns.</summary>
/// <param name="CheckId">null for a group's summary row.</param>
/// <param name="Since">The upstream release(s) that introduced the feature(s) the checks test (<c>6.5</c>; <c>5.16, 6.5</c>).</param>
/// <param name="Features">The kernel features the checks test (<c>mptcp_full_info</c>).</param>
/// <param name="WorksFrom">The first column (in version order) on which every check of the row works in this run; null: none.</param>
internal sealed record GridRow(string Group, string? CheckId, IReadOnlyList<GridEntry> Entries, string? Since, string? Commit, string? Features, GridColumn? WorksFrom)
{
    public string Name => CheckId ?? Group;

    /// <summary>The marks per column: two rows agree when these are equal.</summary>
    public string Signature => string.Join(",", Entries.Select(e => (int)e.Mark));
}
