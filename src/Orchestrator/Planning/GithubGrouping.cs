using MptcpMatrix.Orchestrator.Cells;

namespace MptcpMatrix.Orchestrator.Planning;

/// <summary>
/// How <c>matrix plan --format github</c> splits the cells into jobs. <c>kernel</c> (default): one job per kernel, every
/// family, variant and backend of that kernel in it, so a VM kernel boots once per job as in a local <c>matrix run</c>.
/// <c>cell</c>: one job per cell (most parallel, one boot per cell).
/// </summary>
internal static class GithubGrouping
{
    public const string Kernel = "kernel";
    public const string Cell = "cell";

    public static IReadOnlyList<string> Names { get; } = [Kernel, Cell];

    public static GithubMatrix Group(IReadOnlyList<CellSpec> cells, string grouping) => grouping switch
    {
        Cell => new GithubMatrix(cells.Select(c => new GithubMatrixEntry(c.Id, c.Kernel, c.Backend, c.Id, 1, c.Family, c.Variant, c.Userspace)).ToList()),
        Kernel => new GithubMatrix(cells.GroupBy(c => c.Kernel, StringComparer.Ordinal)
            .Select(g => new GithubMatrixEntry(g.Key, g.Key, string.Join(' ', g.Select(c => c.Backend).Distinct(StringComparer.Ordinal)),
                string.Join(' ', g.Select(c => c.Id)), g.Count()))
            .ToList()),
        _ => throw new ArgumentOutOfRangeException(nameof(grouping), grouping, "expected kernel or cell"),
    };
}
