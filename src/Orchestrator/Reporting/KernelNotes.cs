using MptcpMatrix.Orchestrator.Cells;

namespace MptcpMatrix.Orchestrator.Reporting;

/// <summary>
/// One line of a kernel's notes in the reports: checks of one kind and one feature (or check group) with one explanation,
/// e.g. expected unsupported, <c>mptcp_full_info</c> (<c>full_info</c>), "added in Linux 6.5 (commit …)", 24 checks in 2 cells.
/// </summary>
/// <param name="Label">The feature the checks test (<c>mptcp_full_info</c>) or, when they name none, their check groups.</param>
/// <param name="Groups">The check groups (<c>full_info</c>, <c>mptcp_info</c>) the checks belong to.</param>
/// <param name="Columns">Where: <c>ipv4 vm/default</c> per cell.</param>
internal sealed record KernelNotes(CheckKind Kind, string Label, IReadOnlyList<string> Groups, string? Why, int Checks, IReadOnlyList<string> Columns)
{
    /// <summary>
    /// The notes of a kernel's cells: regressions and fallbacks first, then the unsupported checks not confirmed as expected,
    /// earlier-than-upstream passes, and the expected unsupported ones. Plain passes, plain fails and errors are left out (the
    /// reports list failures per cell).
    /// </summary>
    public static IReadOnlyList<KernelNotes> Of(IEnumerable<CellResult> cells)
    {
        var notes = new Dictionary<(CheckKind Kind, string Label, string? Why), (SortedSet<string> Groups, int Checks, SortedSet<string> Columns)>();
        foreach (var cell in cells)
        {
            var upstream = CheckRows.Upstream(cell);
            var column = $"{cell.Cell.Family} {CheckRows.Column(cell)}";
            foreach (var (_, check) in CheckRows.Checks(cell))
            {
                var kind = CheckKinds.Of(check);
                if (kind is CheckKind.Pass or CheckKind.Fail or CheckKind.Error) continue;
                var group = CheckRows.Group(check.Id);
                var key = (kind, check.Feature ?? group, CheckKinds.Explain(check, upstream));
                if (!notes.TryGetValue(key, out var entry)) entry = (new SortedSet<string>(StringComparer.Ordinal), 0, new SortedSet<string>(StringComparer.Ordinal));
                entry.Groups.Add(group);
                entry.Columns.Add(column);
                notes[key] = (entry.Groups, entry.Checks + 1, entry.Columns);
            }
        }

        return notes.Select(n => new KernelNotes(n.Key.Kind, n.Key.Label, n.Value.Groups.ToList(), n.Key.Why, n.Value.Checks, n.Value.Columns.ToList()))
            .OrderBy(n => Rank(n.Kind)).ThenBy(n => n.Label, StringComparer.Ordinal).ThenBy(n => n.Why, StringComparer.Ordinal).ToList();
    }

    /// <summary>Report order: what needs attention first.</summary>
    public static int Rank(CheckKind kind) => kind switch
    {
        CheckKind.Regression => 0,
        CheckKind.FellBack => 1,
        CheckKind.Fail => 2,
        CheckKind.Error => 3,
        CheckKind.UnexplainedUnsupported => 4,
        CheckKind.UnknownVersion => 5,
        CheckKind.EarlierThanUpstream => 6,
        CheckKind.ExpectedUnsupported => 7,
        CheckKind.MptcpOff => 8,
        CheckKind.NeedsCapability => 9,
        CheckKind.NotObservable => 9,
        _ => 9, // pass
    };
}
