using MptcpMatrix.Orchestrator.Cells;

namespace MptcpMatrix.Orchestrator.Reporting.Grid;

/// <summary>
/// A row on a kernel column: its one <see cref="Mark"/> (the most urgent of its checks), the checks behind it, and the column's
/// cells that produced no checks (untestable, infra-error, skipped).
/// </summary>
public sealed record GridEntry(GridMark Mark, IReadOnlyList<GridCheck> Checks, IReadOnlyList<CellResult> Silent)
{
    public static GridEntry Of(IReadOnlyList<GridCheck> checks, IReadOnlyList<CellResult> cells)
    {
        var silent = cells.Where(c => c.Agent is null).ToList();
        GridMark mark;
        if (checks.Count > 0) mark = checks.Select(c => c.Mark).MinBy(GridMarks.Rank);
        else if (silent.Count > 0) mark = silent.Select(c => GridMarks.Of(c.Status)).MinBy(GridMarks.Rank);
        else mark = GridMark.NotRun;
        return new GridEntry(mark, checks, silent);
    }

    /// <summary>How many checks have each mark, most urgent first (a group's entry on one kernel).</summary>
    public IReadOnlyList<(GridMark Mark, int Count)> Counts() =>
        Checks.GroupBy(c => c.Mark).Select(g => (g.Key, g.Count())).OrderBy(p => GridMarks.Rank(p.Key)).ToList();

    /// <summary>The checks do not all have one mark (across checks, families, backends or repeats).</summary>
    public bool Mixed => Checks.Select(c => c.Mark).Distinct().Skip(1).Any();
}
