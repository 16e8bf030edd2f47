using MptcpMatrix.Orchestrator.Cells;

namespace MptcpMatrix.Orchestrator.Reporting.Grid;

/// <summary>
/// A row on a kernel column: its one <see cref="Mark"/> (the most urgent of its checks), the checks behind it, and the column's
/// cells that produced no checks (untestable, infra-error, skipped).
/// </summary>
/// <param name="Mixed">The checks do not all have one mark (across checks, families, backends or repeats).</param>
internal sealed record GridEntry(GridMark Mark, IReadOnlyList<GridCheck> Checks, IReadOnlyList<CellResult> Silent, bool Mixed)
{
    /// <param name="cells">The column's cells, or (<paramref name="silentOnly"/>) only those without checks.</param>
    public static GridEntry Of(IReadOnlyList<GridCheck> checks, IReadOnlyList<CellResult> cells, bool silentOnly = false)
    {
        IReadOnlyList<CellResult> silent = silentOnly ? cells : cells.Any(c => c.Agent is null) ? cells.Where(c => c.Agent is null).ToList() : [];
        GridMark mark;
        var mixed = false;
        if (checks.Count > 0)
        {
            // A check the agent lacked a capability or the means to look for says nothing about the kernel: another result of
            // it (a cell run as root, a boot with tcp_diag) is the entry's mark, and it does not make the entry mixed.
            GridMark? verdict = null, none = null;
            foreach (var check in checks)
            {
                var other = check.Mark;
                if (GridMarks.IsNoVerdict(other))
                {
                    if (none is not { } n || GridMarks.Rank(other) < GridMarks.Rank(n)) none = other;
                }
                else if (verdict is not { } seen) verdict = other;
                else
                {
                    // Mixed: two verdict marks differ (the most urgent so far against this one).
                    if (seen != other) mixed = true;
                    if (GridMarks.Rank(other) < GridMarks.Rank(seen)) verdict = other;
                }
            }

            mark = verdict ?? none!.Value;
        }
        else if (silent.Count > 0) mark = silent.Select(c => GridMarks.Of(c.Status)).MinBy(GridMarks.Rank);
        else mark = GridMark.NotRun;
        return new GridEntry(mark, checks, silent, mixed);
    }

    /// <summary>How many checks have each mark, most urgent first (a group's entry on one kernel).</summary>
    public IReadOnlyList<(GridMark Mark, int Count)> Counts() =>
        Checks.GroupBy(c => c.Mark).Select(g => (g.Key, g.Count())).OrderBy(p => GridMarks.Rank(p.Key)).ToList();
}
