using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using MptcpMatrix.Orchestrator.Cells;

namespace MptcpMatrix.Orchestrator.Reporting.Grid;

/// <summary>
/// The compatibility grid of one sysctl variant: rows are check groups (and, expanded, their checks), columns are kernels in
/// upstream version order (kernels of unknown version last, in plan order), a kernel split by family only where its families
/// give any row a different mark. Groups needing attention (regressions, fails) come first.
/// </summary>
internal sealed record CompatibilityGrid(string Variant, IReadOnlyList<GridColumn> Columns, IReadOnlyList<GridGroup> Groups)
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

    /// <summary>Grids already built for a report (HTML and Markdown show the same ones): built once per report and variant.</summary>
    private static readonly ConditionalWeakTable<ReportDocument, ConcurrentDictionary<string, CompatibilityGrid>> Built = new();

    public static CompatibilityGrid Of(ReportDocument report, string variant) =>
        Built.GetValue(report, _ => new(StringComparer.Ordinal)).GetOrAdd(variant, v => Build(report, v));

    private static CompatibilityGrid Build(ReportDocument report, string variant)
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
                    var key = (kernel, cell.Cell.Family, check.Id); // the cell's family: the column a check belongs to
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

        // Per column, once: the families whose checks it shows and its cells without checks.
        var columnFamilies = columns.Select(c => c.Family is null ? c.Cells.Select(x => x.Cell.Family).Distinct(StringComparer.Ordinal).ToArray() : [c.Family]).ToArray();
        var columnSilent = columns.Select(c => (IReadOnlyList<CellResult>)c.Cells.Where(x => x.Agent is null).ToList()).ToArray();

        GridEntry EntryAt(int column, string id)
        {
            var families = columnFamilies[column];
            if (families.Length == 1) return GridEntry.Of(Find(columns[column].Kernel, families[0], id), columnSilent[column], silentOnly: true);
            var found = new List<GridCheck>();
            foreach (var family in families) found.AddRange(Find(columns[column].Kernel, family, id));
            return GridEntry.Of(found, columnSilent[column], silentOnly: true);
        }

        var groups = new List<GridGroup>();
        foreach (var group in ids.GroupBy(CheckRows.Group, StringComparer.Ordinal))
        {
            var rows = group.Select(id => Row(group.Key, id, Enumerable.Range(0, columns.Count).Select(c => EntryAt(c, id)).ToList(), columns)).ToList();
            var summary = Row(group.Key, null, columns.Select((c, i) => GridEntry.Of(rows.SelectMany(r => r.Entries[i].Checks).ToList(), columnSilent[i], silentOnly: true)).ToList(), columns);
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
        var sinces = new HashSet<string>(StringComparer.Ordinal);
        var featureSet = new HashSet<string>(StringComparer.Ordinal);
        var commits = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            foreach (var c in entry.Checks)
            {
                if (c.Check.Since is { } s) sinces.Add(s);
                if (c.Check.Feature is { } f) featureSet.Add(f);
                if (c.Check.Commit is { } k) commits.Add(k);
            }
        }

        var since = string.Join(", ", sinces.Order(UpstreamVersion.Comparer));
        var features = string.Join(", ", featureSet.Order(StringComparer.Ordinal));
        var commit = commits.Count == 1 ? commits.First() : null;

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
