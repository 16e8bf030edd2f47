using MptcpMatrix.Orchestrator.Cells;

namespace MptcpMatrix.Orchestrator.Reporting.Grid;

/// <summary>
/// The checks of one grid variant, indexed once: every check id gets a number (first-seen order, which inside a group is the
/// agent's order), and each kernel's checks are kept per family (the cell's: the column a check belongs to) as an array by
/// that number, so a grid entry is a lookup rather than a search over all checks.
/// </summary>
internal sealed class CheckIndex
{
    /// <param name="kernels">Each kernel's cells of the variant, in column order.</param>
    public CheckIndex(IReadOnlyList<IReadOnlyList<CellResult>> kernels)
    {
        var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
        var ids = new List<string>();
        foreach (var cell in kernels.SelectMany(k => k))
        {
            foreach (var (_, check) in CheckRows.Checks(cell))
            {
                if (numbers.TryAdd(check.Id, ids.Count)) ids.Add(check.Id);
            }
        }

        Ids = ids;
        Kernels = kernels.Select(cells =>
        {
            var families = new SortedDictionary<string, IReadOnlyList<GridCheck>?[]>(StringComparer.Ordinal);
            foreach (var cell in cells)
            {
                if (!families.TryGetValue(cell.Cell.Family, out var byId)) families[cell.Cell.Family] = byId = new IReadOnlyList<GridCheck>?[ids.Count];
                foreach (var (family, check) in CheckRows.Checks(cell))
                {
                    var n = numbers[check.Id];
                    if (byId[n] is not List<GridCheck> list) byId[n] = list = [];
                    list.Add(new GridCheck(cell, family, check));
                }
            }

            return (IReadOnlyDictionary<string, IReadOnlyList<GridCheck>?[]>)families;
        }).ToList();
    }

    /// <summary>Check ids by number.</summary>
    public IReadOnlyList<string> Ids { get; }

    /// <summary>Per kernel (as given): its families in name order, each with its checks by check number (null: none ran).</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, IReadOnlyList<GridCheck>?[]>> Kernels { get; }
}
