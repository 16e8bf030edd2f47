namespace MptcpMatrix.Orchestrator.Reporting.Grid;

/// <summary>A check (or a whole check group) across the grid's columns.</summary>
/// <param name="CheckId">null for a group's summary row.</param>
/// <param name="Since">The upstream release(s) that introduced the feature(s) the checks test (<c>6.5</c>; <c>5.16, 6.5</c>).</param>
/// <param name="Features">The kernel features the checks test (<c>mptcp_full_info</c>).</param>
/// <param name="WorksFrom">The first column (in version order) on which every check of the row works in this run; null: none.</param>
internal sealed record GridRow(string Group, string? CheckId, IReadOnlyList<GridEntry> Entries, string? Since, string? Commit, string? Features, GridColumn? WorksFrom)
{
    public string Name => CheckId ?? Group;

    /// <summary>Whether the row works on a kernel older than the (latest) release that added its features: a backport, such as
    /// Debian's 6.1 with the TCP_KEEP* options of 6.10. Such a check is a plain pass when the agent knows the backport, so only
    /// the versions tell it.</summary>
    public bool WorksBeforeRelease =>
        WorksFrom?.Upstream is { } upstream && Since is not null && Since.Split(", ").Any(s => UpstreamVersion.Compare(upstream, s) < 0);

    /// <summary>The stable updates that carried the row's features to the older kernels on which its checks pass
    /// (<c>6.1.94</c>), as the agent named them; null: none.</summary>
    public string? Backports { get; init; }

    /// <summary>The marks per column: two rows agree when these are equal.</summary>
    public string Signature => string.Join(",", Entries.Select(e => (int)e.Mark));
}
