using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Config;

namespace MptcpMatrix.Orchestrator.Planning;

/// <summary>Groups cells into batches: one per backend+kernel for the vm and virtme backends with <c>vm.batch: true</c> (one boot runs them all), else one per cell.</summary>
public static class BatchPlanner
{
    /// <summary>Upper bound of a batch's timeout, however many cells it holds.</summary>
    public static TimeSpan MaxBatchTimeout { get; } = TimeSpan.FromHours(1);

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

    /// <summary>The sum of the cells' timeouts, capped at <see cref="MaxBatchTimeout"/> (never below the largest single cell).</summary>
    public static TimeSpan Timeout(IReadOnlyList<CellSpec> batch)
    {
        var sum = TimeSpan.FromSeconds(batch.Sum(c => (long)c.TimeoutSeconds));
        var largest = TimeSpan.FromSeconds(batch.Max(c => c.TimeoutSeconds));
        return sum > MaxBatchTimeout ? (largest > MaxBatchTimeout ? largest : MaxBatchTimeout) : sum;
    }
}
