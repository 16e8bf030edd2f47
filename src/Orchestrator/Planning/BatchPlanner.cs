using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Config;

namespace MptcpMatrix.Orchestrator.Planning;

/// <summary>Groups cells into batches: one per backend+kernel for the vm and virtme backends with <c>vm.batch: true</c> (one boot runs them all), else one per cell.</summary>
internal static class BatchPlanner
{
    public static IReadOnlyList<IReadOnlyList<CellSpec>> Batches(IEnumerable<CellSpec> cells, VmSettings vm)
    {
        var batches = new List<IReadOnlyList<CellSpec>>();
        var grouped = new Dictionary<(string, string), List<CellSpec>>();
        foreach (var cell in cells)
        {
            if (cell.Backend is "vm" or "virtme" && vm.Batch)
            {
                if (!grouped.TryGetValue((cell.Backend, cell.Kernel), out var list))
                {
                    list = [];
                    grouped[(cell.Backend, cell.Kernel)] = list;
                    batches.Add(list);
                }

                list.Add(cell);
            }
            else
            {
                batches.Add([cell]);
            }
        }

        return batches;
    }
}
