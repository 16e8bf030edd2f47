using MptcpMatrix.Orchestrator.Cells;

namespace MptcpMatrix.Orchestrator.Planning;

/// <summary>Selects cells of a plan by <c>--cell ID</c> (exact) and <c>--filter</c>.</summary>
internal static class CellSelection
{
    /// <summary>Throws <see cref="ArgumentException"/> naming unknown ids.</summary>
    public static IReadOnlyList<CellSpec> Select(IReadOnlyList<CellSpec> plan, IReadOnlyCollection<string> ids, CellFilter filter)
    {
        if (ids.Count > 0)
        {
            var known = plan.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
            var unknown = ids.Where(id => !known.Contains(id)).ToList();
            if (unknown.Count > 0)
            {
                throw new ArgumentException($"unknown cell id(s): {string.Join(", ", unknown)}; `matrix plan` lists the ids" +
                    (plan.Count <= 12 ? $" ({string.Join(", ", plan.Select(c => c.Id))})" : ""));
            }
        }

        return plan.Where(c => (ids.Count == 0 || ids.Contains(c.Id)) && filter.Matches(c)).ToList();
    }
}
