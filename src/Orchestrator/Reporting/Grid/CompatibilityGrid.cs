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
    /// <summary>One grid per variant: <c>default</c> (or the plan's first) first (tests; the writers build one at a time).</summary>
    public static IReadOnlyList<CompatibilityGrid> Of(ReportDocument report) => Variants(report).Select(v => Of(report, v)).ToList();

    /// <summary>The report's variants in grid order: <c>default</c> (or the plan's first) first, then in first-seen order.
    /// Large reports build one grid at a time from these.</summary>
    public static IReadOnlyList<string> Variants(ReportDocument report)
    {
        var variants = report.Cells.Select(c => c.Cell.Variant).Distinct(StringComparer.Ordinal).ToList();
        return variants.OrderBy(v => v == "default" ? 0 : 1).ThenBy(variants.IndexOf).ToList();
    }

    /// <summary>Each variant's grid, built once per report: summary.md and report.html both show every variant's grid (and
    /// the page's band and diff view the first), and building one is most of what writing either costs.</summary>
    private static readonly ConditionalWeakTable<ReportDocument, ConcurrentDictionary<string, Lazy<CompatibilityGrid>>> Built = new();

    public static CompatibilityGrid Of(ReportDocument report, string variant) =>
        Built.GetValue(report, _ => new(StringComparer.Ordinal))
            .GetOrAdd(variant, v => new Lazy<CompatibilityGrid>(() => Build(report, v))).Value;

    private static CompatibilityGrid Build(ReportDocument report, string variant)
    {
        var kernels = report.CellsByKernel()
            .Select((k, i) => (Kernel: k.Key, Plan: i, Cells: k.Where(c => c.Cell.Variant == variant).ToList()))
            .Where(k => k.Cells.Count > 0)
            .Select(k => (k.Kernel, k.Plan, k.Cells, Upstream: KernelUpstream(k.Cells)))
            .OrderBy(k => k.Upstream, UpstreamVersion.Comparer).ThenBy(k => k.Plan)
            .ToList();

        // One pass over every check of the variant: indexed by kernel, the cell's family (the column a check belongs to)
        // and the check id's number; ids in first-seen order (inside a group that is the agent's order).
        var index = new CheckIndex(kernels.Select(k => (IReadOnlyList<CellResult>)k.Cells).ToList());
        var ids = index.Ids.Count;

        var columns = new List<GridColumn>();
        var columnChecks = new List<IReadOnlyList<GridCheck>?[][]>(); // per column: the families it shows, each indexed by check number
        for (var k = 0; k < kernels.Count; k++)
        {
            var (kernel, _, cells, upstream) = kernels[k];
            var release = string.Join(", ", cells.Select(CheckRows.Release).Where(r => r.Length > 0).Distinct());
            var families = index.Kernels[k];
            if (families.Count > 1 && FamiliesDiffer(families.Values.ToList(), ids, cells))
            {
                foreach (var (family, checks) in families)
                {
                    columns.Add(new GridColumn(kernel, family, upstream, release, cells.Where(c => c.Cell.Family == family).ToList()));
                    columnChecks.Add([checks]);
                }
            }
            else
            {
                columns.Add(new GridColumn(kernel, null, upstream, release, cells));
                columnChecks.Add(families.Values.ToArray());
            }
        }

        var columnSilent = columns.Select(c => (IReadOnlyList<CellResult>)c.Cells.Where(x => x.Agent is null).ToList()).ToArray();

        GridEntry EntryAt(int column, int id)
        {
            var families = columnChecks[column];
            if (families.Length == 1) return GridEntry.Of(families[0][id] ?? [], columnSilent[column], silentOnly: true);
            var found = new List<GridCheck>();
            foreach (var family in families) found.AddRange(family[id] ?? []);
            return GridEntry.Of(found, columnSilent[column], silentOnly: true);
        }

        var groups = new List<GridGroup>();
        foreach (var group in Enumerable.Range(0, ids).GroupBy(i => CheckRows.Group(index.Ids[i]), StringComparer.Ordinal))
        {
            var rows = group.Select(id => Row(group.Key, index.Ids[id], Enumerable.Range(0, columns.Count).Select(c => EntryAt(c, id)).ToList(), columns)).ToList();
            var summary = Summary(group.Key, rows, columns, columnSilent);
            var signature = rows[0].Signature;
            groups.Add(new GridGroup(group.Key, summary, rows, rows.All(r => r.Signature == signature && r.Entries.All(e => !e.Mixed))));
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

    /// <summary>Whether a kernel's families give any check both run a different mark, or differ in their cells without checks
    /// (ipv6 infra error, ipv4 pass): then the kernel is one column per family.</summary>
    private static bool FamiliesDiffer(IReadOnlyList<IReadOnlyList<GridCheck>?[]> list, int ids, IReadOnlyList<CellResult> cells)
    {
        for (var id = 0; id < ids; id++)
        {
            var mark = MarkOf(list[0][id]);
            for (var f = 1; f < list.Count; f++)
            {
                // A check only one family has (IPV6_TCLASS) is no difference, nor one the agent lacked a capability or the means to look for.
                var other = MarkOf(list[f][id]);
                if (mark is null) mark = other;
                else if (other is not null && Differ(mark.Value, other.Value)) return true;
            }
        }

        return cells.GroupBy(c => c.Cell.Family, StringComparer.Ordinal)
            .Select(f => string.Join(",", f.Where(c => c.Agent is null).Select(c => c.Status).Distinct().Order())).Distinct().Count() > 1;
    }

    /// <summary>A group's row: on each column every check of its rows.</summary>
    private static GridRow Summary(string group, IReadOnlyList<GridRow> rows, IReadOnlyList<GridColumn> columns, IReadOnlyList<IReadOnlyList<CellResult>> silent)
    {
        var entries = new List<GridEntry>(columns.Count);
        for (var c = 0; c < columns.Count; c++)
        {
            var checks = new List<GridCheck>();
            foreach (var row in rows) checks.AddRange(row.Entries[c].Checks);
            entries.Add(GridEntry.Of(checks, silent[c], silentOnly: true));
        }

        return Row(group, null, entries, columns);
    }

    /// <summary>The first column (in version order) on which every check of the row works.</summary>
    private static GridColumn? WorksFrom(IReadOnlyList<GridEntry> entries, IReadOnlyList<GridColumn> columns)
    {
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i].Checks.Count > 0 && GridMarks.Works(entries[i].Mark)) return columns[i];
        }

        return null;
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
    private static GridMark? MarkOf(IReadOnlyList<GridCheck>? checks) => checks is null || checks.Count == 0 ? null : GridEntry.Of(checks, []).Mark;

    private static GridEntry Entry(IReadOnlyList<GridCheck> checks, IReadOnlyList<CellResult> cells) => GridEntry.Of(checks, cells);

    private static GridRow Row(string group, string? id, IReadOnlyList<GridEntry> entries, IReadOnlyList<GridColumn> columns)
    {
        var sinces = new HashSet<string>(StringComparer.Ordinal);
        var featureSet = new HashSet<string>(StringComparer.Ordinal);
        var commits = new HashSet<string>(StringComparer.Ordinal);
        var backports = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            foreach (var c in entry.Checks)
            {
                if (c.Check.Since is { } s) sinces.Add(s);
                if (c.Check.Feature is { } f) featureSet.Add(f);
                if (c.Check.Commit is { } k) commits.Add(k);
                if (c.Check.Backport is { } b && c.Check.Outcome == Contracts.CheckOutcome.Pass) backports.Add(b);
            }
        }

        var since = string.Join(", ", sinces.Order(UpstreamVersion.Comparer));
        var features = string.Join(", ", featureSet.Order(StringComparer.Ordinal));
        var commit = commits.Count == 1 ? commits.First() : null;

        return new GridRow(group, id, entries, since.Length == 0 ? null : since, commit, features.Length == 0 ? null : features, WorksFrom(entries, columns))
        {
            Backports = backports.Count == 0 ? null : string.Join(", ", backports.Order(UpstreamVersion.Comparer)),
        };
    }

    /// <summary>The groups whose entry differs between two columns, with the checks that differ.</summary>
    /// <remarks>A check that one side could not run for lack of a capability, or could not observe, is no difference (the privilege or the
    /// environment differs, not the kernel).</remarks>
    public IReadOnlyList<(GridGroup Group, IReadOnlyList<GridRow> Changed)> Diff(int left, int right) =>
        Groups.Select(g => (Group: g, Changed: (IReadOnlyList<GridRow>)g.Checks.Where(r => Differ(r.Entries[left].Mark, r.Entries[right].Mark)).ToList()))
            .Where(p => p.Changed.Count > 0 || Differ(p.Group.Summary.Entries[left].Mark, p.Group.Summary.Entries[right].Mark))
            .ToList();

    private static bool Differ(GridMark a, GridMark b) => a != b && !GridMarks.IsNoVerdict(a) && !GridMarks.IsNoVerdict(b);
}
