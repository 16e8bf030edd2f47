using MptcpMatrix.Contracts;
using MptcpMatrix.Orchestrator.Cells;

namespace MptcpMatrix.Orchestrator.Reporting.Grid;

/// <summary>A check whose outcome differed across the repeats (<c>repeat</c> in matrix.yml) of one cell.</summary>
/// <param name="Cell">The cell without its repeat index (kernel, family, backend, variant, userspace).</param>
/// <param name="Outcomes">The outcome of each repeat, in repeat order.</param>
internal sealed record FlakyCheck(string Cell, string Family, string CheckId, IReadOnlyList<CheckOutcome> Outcomes)
{
    public static IReadOnlyList<FlakyCheck> Of(IEnumerable<CellResult> cells)
    {
        var flaky = new List<FlakyCheck>();
        foreach (var repeats in cells.GroupBy(c => (c.Cell.Kernel, c.Cell.Family, c.Cell.Backend, c.Cell.Variant, c.Cell.Userspace)).Where(g => g.Count() > 1))
        {
            var ordered = repeats.OrderBy(c => c.Cell.Repeat).ToList();
            var name = $"{repeats.Key.Backend}-{repeats.Key.Kernel}-{repeats.Key.Family}-{repeats.Key.Variant}" + (repeats.Key.Userspace is null or "scratch" ? "" : "-" + repeats.Key.Userspace);
            var outcomes = new Dictionary<(string Family, string Id), List<CheckOutcome>>();
            foreach (var cell in ordered)
            {
                foreach (var (family, check) in CheckRows.Checks(cell))
                {
                    if (!outcomes.TryGetValue((family, check.Id), out var list)) outcomes[(family, check.Id)] = list = [];
                    list.Add(check.Outcome);
                }
            }

            flaky.AddRange(outcomes.Where(o => o.Value.Distinct().Count() > 1).Select(o => new FlakyCheck(name, o.Key.Family, o.Key.Id, o.Value)));
        }

        return flaky;
    }

    public override string ToString() => $"{Cell} {Family}.{CheckId}: {string.Join(" / ", Outcomes.Select(AgentReportJson.Name))}";
}
