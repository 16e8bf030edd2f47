using MptcpMatrix.Orchestrator.Cells;

namespace MptcpMatrix.Orchestrator.Reporting.Grid;

/// <summary>
/// The compatibility grid of one sysctl variant: rows are check groups (and, expanded, their checks), columns are kernels in
/// upstream version order (kernels of unknown version last, in plan order), a kernel split by family only where its families
/// give any row a different mark. Groups needing attention (regressions, fails) come first.
/// </summary>
public sealed record CompatibilityGrid(string Variant, IReadOnlyList<GridColumn> Columns, IReadOnlyList<GridGroup> Groups)
{
    /// <summary>One grid per variant: <c>default</c> (or the plan's first) first.</summary>
    public static IReadOnlyList<CompatibilityGrid> Of(ReportDocument report) => Variants(report).Select(v => Of(report, v)).ToList();

    /// <summary>The report's variants in grid order: <c>default</c> (or the plan's first) first, then in first-seen order.
    /// Large reports build one grid at a time from these.</summary>
    public static IReadOnlyList<string> Variants(ReportDocument report)
    {
        var variants = report.Cells.Select(c => c.Cell.Variant).Distinct(StringComparer.Ordinal).ToList();
        return variants.OrderBy(v => v == "default" ? 0 : 1).ThenBy(variants.IndexOf).ToList();
    }

    public static CompatibilityGrid Of(ReportDocument report, string variant)
    {
        var kernels = report.CellsByKernel()
            .Select((k, i) => (Kernel: k.Key, Plan: i, Cells: k.Where(c => c.Cell.Variant == variant).ToList()))
            .Where(k => k.Cells.Count > 0)
            .Select(k => (k.Kernel, k.Plan, k.Cells, Upstream: KernelUpstream(k.Cells)))
            .OrderBy(k => k.Upstream, UpstreamVersion.Comparer).ThenBy(k => k.Plan)
            .ToList();

        // Every check id of the variant, with its group; first seen order inside a group is the agent's order.
        var ids = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var checks = new Dictionary<(string Kernel, string Family, string Id), List<GridCheck>>();
        foreach (var (kernel, _, cells, _) in kernels)
        {
            foreach (var cell in cells)
            {
                foreach (var (family, check) in CheckRows.Checks(cell))
                {
                    if (seen.Add(check.Id)) ids.Add(check.Id);
                    var key = (kernel, family, check.Id);
                    if (!checks.TryGetValue(key, out var list)) checks[key] = list = [];
                    list.Add(new GridCheck(cell, family, check));
                }
            }
        }

        IReadOnlyList<GridCheck> Find(string kernel, string family, string id) => checks.TryGetValue((kernel, family, id), out var l) ? l : [];

        var columns = new List<GridColumn>();
        foreach (var (kernel, _, cells, upstream) in kernels)
        {
            var release = string.Join(", ", cells.Select(CheckRows.Release).Where(r => r.Length > 0).Distinct());
            var families = cells.Select(c => c.Cell.Family).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var differ = families.Count > 1 && ids.Any(id => families.Select(f => MarkOf(Find(kernel, f, id))).Distinct().Count() > 1);
            if (!differ && families.Count > 1)
            {
                // Families may still differ for cells without checks (ipv6 infra error, ipv4 pass).
                differ = families.Select(f => string.Join(",", cells.Where(c => c.Cell.Family == f && c.Agent is null).Select(c => c.Status).Distinct().Order())).Distinct().Count() > 1;
            }

            if (differ) columns.AddRange(families.Select(f => new GridColumn(kernel, f, upstream, release, cells.Where(c => c.Cell.Family == f).ToList())));
            else columns.Add(new GridColumn(kernel, null, upstream, release, cells));
        }

        GridEntry EntryAt(GridColumn column, string id)
        {
            var found = column.Family is null
                ? column.Cells.Select(c => c.Cell.Family).Distinct(StringComparer.Ordinal).SelectMany(f => Find(column.Kernel, f, id)).ToList()
                : Find(column.Kernel, column.Family, id).ToList();
            return Entry(found, column.Cells);
        }

        var groups = new List<GridGroup>();
        foreach (var group in ids.GroupBy(CheckRows.Group, StringComparer.Ordinal))
        {
            var rows = group.Select(id => Row(group.Key, id, columns.Select(c => EntryAt(c, id)).ToList(), columns)).ToList();
            var summary = Row(group.Key, null, columns.Select((c, i) => Entry(rows.SelectMany(r => r.Entries[i].Checks).ToList(), c.Cells)).ToList(), columns);
            groups.Add(new GridGroup(group.Key, summary, rows, rows.Select(r => r.Signature).Distinct(StringComparer.Ordinal).Count() == 1 && rows.All(r => r.Entries.All(e => !e.Mixed))));
        }

        if (groups.Count == 0 && columns.Count > 0)
        {
            // No cell of the variant ran a check: one row says why per kernel.
            var entries = columns.Select(c => Entry([], c.Cells)).ToList();
            var row = new GridRow("cells", null, entries, null, null, null, null);
            groups.Add(new GridGroup("cells", row, [], true));
        }

        var order = groups.OrderBy(g => Math.Min(GridMarks.Rank(g.Worst), GridMarks.Rank(GridMark.InfraError)))
            .ThenBy(g => g.Name == "setup" ? 0 : 1).ThenBy(g => g.Name, StringComparer.Ordinal).ToList();
        return new CompatibilityGrid(variant, columns, order);
    }

    /// <summary>
    /// The kernel's upstream version: as its agent told it, else from the Debian package version of the cell's kernel
    /// (<c>linux-image-5.10.0-32-cloud-amd64=5.10.223-1</c> -> <c>5.10.223</c>) when no cell ran the agent (e.g. untestable).
    /// </summary>
    public static string? KernelUpstream(IEnumerable<CellResult> cells)
    {
        var list = cells as IReadOnlyCollection<CellResult> ?? cells.ToList();
        if (list.Select(CheckRows.Upstream).FirstOrDefault(u => u is not null) is { } told) return told;
        var package = list.Select(c => c.Provenance.KernelPackage).FirstOrDefault(p => p is not null && p.Contains('=', StringComparison.Ordinal));
        if (package is null) return null;
        var version = package[(package.IndexOf('=', StringComparison.Ordinal) + 1)..];
        var dash = version.IndexOf('-', StringComparison.Ordinal);
        version = dash > 0 ? version[..dash] : version;
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        version = plus > 0 ? version[..plus] : version;
        return version.Length > 0 && char.IsAsciiDigit(version[0]) && version.Contains('.', StringComparison.Ordinal) ? version : null;
    }

    /// <summary>The mark of a family's checks on a kernel (null: none ran), without building an entry.</summary>
    private static GridMark? MarkOf(IReadOnlyList<GridCheck> checks) => checks.Count == 0 ? null : checks.Select(c => c.Mark).MinBy(GridMarks.Rank);

    private static GridEntry Entry(IReadOnlyList<GridCheck> checks, IReadOnlyList<CellResult> cells) => GridEntry.Of(checks, cells);

    private static GridRow Row(string group, string? id, IReadOnlyList<GridEntry> entries, IReadOnlyList<GridColumn> columns)
    {
        var all = entries.SelectMany(e => e.Checks).Select(c => c.Check).ToList();
        var since = string.Join(", ", all.Select(c => c.Since).Where(s => s is not null).Distinct().Order(UpstreamVersion.Comparer));
        var features = string.Join(", ", all.Select(c => c.Feature).Where(s => s is not null).Distinct().Order(StringComparer.Ordinal));
        var commit = all.Select(c => c.Commit).Where(c => c is not null).Distinct().Count() == 1 ? all.First(c => c.Commit is not null).Commit : null;

        // Works from: the first column (in version order) on which every check of the row works.
        var at = entries.Select((e, i) => (e, i)).FirstOrDefault(p => p.e.Checks.Count > 0 && GridMarks.Works(p.e.Mark), (null!, -1)).i;
        var from = at < 0 ? null : columns[at];

        return new GridRow(group, id, entries, since.Length == 0 ? null : since, commit, features.Length == 0 ? null : features, from);
    }

    /// <summary>The groups whose entry differs between two columns, with the checks that differ.</summary>
    public IReadOnlyList<(GridGroup Group, IReadOnlyList<GridRow> Changed)> Diff(int left, int right) =>
        Groups.Select(g => (Group: g, Changed: (IReadOnlyList<GridRow>)g.Checks.Where(r => r.Entries[left].Mark != r.Entries[right].Mark).ToList()))
            .Where(p => p.Changed.Count > 0 || p.Group.Summary.Entries[left].Mark != p.Group.Summary.Entries[right].Mark)
            .ToList();
}
