using System.Globalization;
using System.Net;
using MptcpMatrix.Contracts;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Reporting.Grid;

namespace MptcpMatrix.Orchestrator.Reporting;

/// <summary>
/// The compatibility report people read: one self-contained page (no script, no network, printable) with a summary band
/// (outcomes, regressions, slowest cells, flaky checks), per sysctl variant a feature x kernel grid (<see cref="CompatibilityGrid"/>)
/// in a scroll container with sticky headers, whose groups fold to one line and expand to their checks and whose entries open to
/// expected vs observed, errno, durations and their cells; the changes between adjacent kernels; the baseline comparison by
/// class; each kernel's provenance; and every cell with its retries, duration and logs. Every mark has an icon and words next
/// to its colour.
/// </summary>
internal static class HtmlReport
{
    private const string Style = """
        *{box-sizing:border-box}
        body{font-family:system-ui,sans-serif;margin:0;padding:1em;color:#222;line-height:1.35;overflow-wrap:anywhere}
        h1{font-size:1.45em;margin:.2em 0}h2{font-size:1.2em;margin:1.2em 0 .4em}h3{font-size:1.05em}
        code{font-size:.92em}.small{color:#555;font-size:.85em}
        .band{display:flex;flex-wrap:wrap;gap:.7em;margin:.8em 0}
        .band section{border:1px solid #ccc;border-radius:6px;padding:.4em .8em;flex:1 1 15em;min-width:0}
        .band h2{font-size:1em;margin:.2em 0}.band ul{margin:.2em 0;padding-left:1.2em}
        .band .bad{border-color:#c0392b;background:#fff4f2}
        .legend{display:flex;flex-wrap:wrap;gap:.3em;padding:0;list-style:none}.legend li{padding:.1em .5em;border:1px solid #bbb;border-radius:3px}
        .scroll{overflow:auto;max-width:100%}
        .grid-wrap{overflow:auto;max-height:85vh;max-width:100%;border:1px solid #999}
        table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.25em .45em;vertical-align:top;font-size:.88em;text-align:left}
        table.grid{border-collapse:separate;border-spacing:0}
        table.grid th,table.grid td{border:0;border-right:1px solid #ccc;border-bottom:1px solid #ccc;white-space:nowrap}
        table.grid thead th{position:sticky;top:0;background:#eef1f5;z-index:2}
        table.grid tbody th{position:sticky;left:0;background:#fafafa;z-index:1;max-width:24em;white-space:normal}
        table.grid thead th.corner{left:0;z-index:3}
        table.grid td.meta{white-space:normal;max-width:9em;color:#444}
        tbody.group tr.group-row th{background:#f0f0f0}
        tbody.group:not(:has(details.fold[open])) tr.check{display:none}
        tr.check th{padding-left:1.4em;font-weight:normal}
        details summary{cursor:pointer}details.fold summary{font-weight:600}
        td>details>summary{list-style:none}td>details>summary::-webkit-details-marker{display:none}td>details[open]>summary{text-decoration:underline dotted}
        .pick label{margin-right:.6em}.pick select{max-width:100%}table.picked tr.picked-group th{background:#f0f0f0}
        .pop{white-space:normal;min-width:16em;max-width:34em;font-size:.95em;padding:.2em 0}.pop ul{margin:.2em 0;padding-left:1.1em}
        .i{font-weight:700;display:inline-block;min-width:1.1em;text-align:center}
        .m-pass{background:#d8f5d0}.m-earlier{background:#bfeedd}.m-expected-unsupported{background:#e4ebf5}.m-mptcp-off{background:#e9e4f5}
        .m-unsupported{background:#f6dcf0}.m-unknown-version{background:#f3e7c8}.m-fail{background:#f8c8c4}.m-fell-back{background:#f8d0b0}.m-regression{background:#e8746a;color:#fff}.m-regression a{color:#fff}
        .m-error{background:#fde7b0}.m-untestable{background:#ddd}.m-infra-error{background:#fbd38d}.m-not-run{background:#f7f7f7;color:#777}.m-needs-cap{background:#fff8d6;color:#5a4a00}.m-not-observable{background:#eef3f3;color:#3c5050}
        @media (max-width:600px){table.grid tbody th{max-width:11em}table.grid td.meta{max-width:5.5em;font-size:.78em}}
        @media print{body{padding:0}.grid-wrap,.scroll{overflow:visible;max-height:none;border:0}table.grid thead th,table.grid tbody th{position:static}
          tbody.group tr.check{display:table-row!important}details.fold summary::after{content:""}}
        """;

    /// <summary>Changes listed per baseline class; report.json lists them all.</summary>
    public const int ListedPerClass = 100;

    /// <summary>Up to this many kernel columns, the diff view has a table of every pair of kernels.</summary>
    public const int MaxPairwiseColumns = 24;

    /// <summary>Up to this many checks in the report, every check's entry opens to its details (above, plain passes are marks alone).</summary>
    public const int RichChecks = 20_000;

    /// <summary>Checks listed in one grid entry's details.</summary>
    public const int ListedPerEntry = 12;

    public static string Render(ReportDocument report)
    {
        using var writer = new StringWriter();
        Write(report, writer);
        return writer.ToString();
    }

    /// <summary>Streams the page.</summary>
    /// <param name="outDir">Where the page is written: its log links are relative to it and name only logs that exist under a
    /// source directory (null: logs are named, not linked).</param>
    public static void Write(ReportDocument report, TextWriter h, string? outDir = null)
    {
        var s = report.Summary;
        // One grid at a time (large reports): the first (default variant) stays for the band and the diff view.
        var variants = CompatibilityGrid.Variants(report);
        var first = variants.Count == 0 ? null : CompatibilityGrid.Of(report, variants[0]);
        var rich = report.Cells.Sum(c => c.Agent?.Families.Sum(f => f.Checks.Count) ?? 0) <= RichChecks;

        // Each cell's log links (the console first), looked up once: the grid's entries repeat them.
        var logs = report.Cells.DistinctBy(c => c.Cell.Id).ToDictionary(c => c.Cell.Id,
            c => string.Join(" ", c.Logs.OrderBy(l => l.EndsWith("console.log", StringComparison.Ordinal) ? 0 : 1).Select(l => LogLink(report, l, outDir))), StringComparer.Ordinal);
        h.Write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        h.Write("<title>MPTCP socket API compatibility</title><style>");
        h.Write(Style);
        h.Write("</style></head><body>\n");
        h.Write("<h1>MPTCP socket API compatibility across kernels</h1>\n");
        h.Write($"<p class=\"small\">{E(s.DescribeCells())}. Generated {E(report.GeneratedAt.ToString("u", CultureInfo.InvariantCulture))} from {E(string.Join(", ", report.Sources))}.</p>\n");
        AppendBand(h, report, first);
        AppendLegend(h);
        for (var i = 0; i < variants.Count; i++) AppendGrid(h, i == 0 ? first! : CompatibilityGrid.Of(report, variants[i]), variants.Count > 1, rich, logs);
        if (first is not null) AppendDiff(h, first);
        if (report.Baseline is { } baseline) AppendBaseline(h, baseline, report.Cells.Select(c => c.Cell.Id).ToHashSet(StringComparer.Ordinal));
        AppendProvenance(h, report);
        AppendCells(h, report, logs);
        if (report.OnDuplicate == DuplicatePolicy.Latest || report.Duplicates.Count > 0) AppendDuplicates(h, report);
        h.Write("</body></html>\n");
    }

    private static void AppendBand(TextWriter h, ReportDocument report, CompatibilityGrid? g)
    {
        var s = report.Summary;
        h.Write("<div class=\"band\" id=\"summary\">\n");

        // Regressions first: against the baseline, then in this run (a kernel lacking a feature of its version).
        var regressions = report.Cells.SelectMany(c => CheckRows.Checks(c).Select(x => (Cell: c, x.Family, x.Check)))
            .Where(x => CheckKinds.Of(x.Check) == CheckKind.Regression).ToList();
        var baselineRegressions = report.Baseline?.Counts[ChangeClass.Regression] ?? 0;
        h.Write($"<section class=\"{(regressions.Count + baselineRegressions > 0 ? "bad" : "")}\" id=\"regressions\"><h2>Regressions</h2><ul>");
        if (report.Baseline is { } b)
            h.Write($"<li><a href=\"#baseline\">vs baseline</a>: <strong>{baselineRegressions}</strong> regression(s); {E(b.Verdict())}</li>");
        else h.Write("<li>no baseline given: to see what changed since the last run, <code>matrix run --baseline LAST/report.json</code> " +
            "or <code>matrix report THIS-DIR --baseline LAST/report.json</code></li>");
        h.Write($"<li>in this run: <strong>{regressions.Count}</strong> check(s) missing on a kernel at or after their feature's release</li>");
        foreach (var group in regressions.GroupBy(r => (r.Cell.Cell.Kernel, Group: CheckRows.Group(r.Check.Id))).Take(8))
            h.Write($"<li>{Icon(GridMark.Regression)} {E(group.Key.Kernel)}: <code>{E(group.Key.Group)}</code> ({group.Count()}) &mdash; {E(CheckKinds.Explain(group.First().Check, CheckRows.Upstream(group.First().Cell)) ?? "")}</li>");
        h.Write("</ul></section>\n");

        h.Write("<section id=\"outcomes\"><h2>Outcomes</h2><ul>");
        h.Write($"<li>{s.Cells} cells: {s.Pass} pass, {s.Fail} fail, {s.Unsupported} unsupported, {s.Untestable} untestable, {s.InfraError} infra-error, {s.Skipped} skipped</li>");
        var c = s.Checks;
        h.Write($"<li>{c.Total} checks: {Icon(GridMark.Pass)} {c.Pass} pass ({c.EarlierThanUpstream} earlier than upstream), {Icon(GridMark.Fail)} {c.Fail} fail " +
            $"({c.Regression} regression, {c.FellBack} fell back), {Icon(GridMark.ExpectedUnsupported)} {c.ExpectedUnsupported} expected unsupported, " +
            $"{Icon(GridMark.MptcpOff)} {c.MptcpOff} MPTCP off, {Icon(GridMark.UnknownVersion)} {c.UnknownVersion} unsupported on a kernel of unknown version, {Icon(GridMark.Unsupported)} {c.UnexplainedUnsupported} unsupported unexplained, " +
            $"{Icon(GridMark.NeedsCapability)} {c.NeedsCapability} needing a capability the agent lacked, {Icon(GridMark.NotObservable)} {c.NotObservable} not observable here, {Icon(GridMark.Error)} {c.Error} error</li>");
        if (g is not null)
        {
            h.Write($"<li>{g.Groups.Count} feature groups on {g.Columns.Select(x => x.Kernel).Distinct().Count()} kernels (variant <code>{E(g.Variant)}</code>): " +
                $"{g.Groups.Count(x => x.Summary.Entries.All(e => GridMarks.Works(e.Mark) || e.Checks.Count == 0))} work everywhere they ran</li>");
        }

        h.Write("</ul></section>\n");

        h.Write("<section id=\"slowest\"><h2>Slowest cells</h2><ul>");
        foreach (var cell in report.Cells.OrderByDescending(x => x.EndedAt - x.StartedAt).ThenBy(x => x.Cell.Id, StringComparer.Ordinal).Take(5))
            h.Write($"<li><a href=\"#c-{E(cell.Cell.Id)}\">{E(cell.Cell.Id)}</a> {Seconds(cell)}</li>");
        h.Write("</ul></section>\n");

        var flaky = FlakyCheck.Of(report.Cells);
        var repeated = report.Cells.Any(x => x.Cell.Repeat > 1);
        h.Write($"<section id=\"flaky\" class=\"{(flaky.Count > 0 ? "bad" : "")}\"><h2>Flaky checks</h2><ul>");
        if (!repeated) h.Write("<li>no repeats in this run (<code>repeat: N</code> in matrix.yml finds flaky checks)</li>");
        else h.Write($"<li><strong>{flaky.Count}</strong> check(s) with different outcomes across repeats</li>");
        foreach (var f in flaky.Take(10)) h.Write($"<li><code>{E(f.ToString())}</code></li>");
        if (flaky.Count > 10) h.Write($"<li>+{flaky.Count - 10} more</li>");
        h.Write("</ul></section>\n</div>\n");
    }

    private static void AppendLegend(TextWriter h)
    {
        h.Write("<ul class=\"legend\" aria-label=\"legend\">");
        foreach (var mark in GridMarks.All) h.Write($"<li class=\"{GridMarks.Css(mark)}\">{Icon(mark)} {E(GridMarks.Short(mark))}: {E(GridMarks.Label(mark))}</li>");
        h.Write("</ul>\n<p class=\"small\">Rows are check groups: a group whose checks all agree is one line; open a group (&#9656;) for its checks, an entry for expected vs observed, errno, durations and its cells. " +
            "“Since” is the upstream release that added the feature, “works from” the first kernel of this run on which it works (“a backport” when that kernel is older than the release).</p>\n");
    }

    /// <param name="rich">Every check's entry opens to its details; else (large reports) a check's plain pass is its mark alone.</param>
    private static void AppendGrid(TextWriter h, CompatibilityGrid grid, bool titled, bool rich, IReadOnlyDictionary<string, string> logs)
    {
        var id = "grid-" + grid.Variant;
        h.Write($"<h2 id=\"{E(id)}\">{(titled ? $"Variant <code>{E(grid.Variant)}</code>: " : "")}features x kernels</h2>\n");
        var sysctls = grid.Columns.SelectMany(c => c.Cells).Select(c => c.Cell.Sysctls).FirstOrDefault(x => x.Count > 0);
        if (sysctls is not null) h.Write($"<p class=\"small\">sysctls: {E(string.Join(", ", sysctls.Select(p => $"{p.Key}={p.Value}")))}</p>\n");
        h.Write($"<div class=\"grid-wrap\" tabindex=\"0\"><table class=\"grid\" data-variant=\"{E(grid.Variant)}\"><thead><tr><th class=\"corner\" scope=\"col\">Feature / check</th><th scope=\"col\">Since</th><th scope=\"col\">Works from</th>");
        foreach (var column in grid.Columns)
        {
            h.Write($"<th scope=\"col\" class=\"kernel\" data-kernel=\"{E(column.Kernel)}\" data-upstream=\"{E(column.Upstream ?? "")}\"><a href=\"#{E(column.KernelAnchor)}\">{E(column.Kernel)}</a>");
            if (column.Family is not null) h.Write($" {E(column.Family)}");
            h.Write($"<div class=\"small\">{E(column.Upstream ?? "version unknown")}</div></th>");
        }

        h.Write("</tr></thead>\n");
        foreach (var group in grid.Groups)
        {
            h.Write($"<tbody class=\"group\" data-group=\"{E(group.Name)}\" data-agrees=\"{(group.Agrees ? "true" : "false")}\">");
            h.Write("<tr class=\"group-row\"><th scope=\"row\">");
            if (group.Checks.Count > 0)
            {
                h.Write($"<details class=\"fold\"><summary>{E(group.Name)}</summary></details><span class=\"small\">{group.Checks.Count} check(s), ");
                h.Write(group.Agrees ? "all alike" : $"{group.Checks.Select(r => r.Signature).Distinct(StringComparer.Ordinal).Count()} patterns");
                h.Write("</span>");
            }
            else h.Write(E(group.Name));
            h.Write("</th>");
            AppendRowCells(h, group.Summary, grid.Columns, rich, logs);
            h.Write("</tr>\n");
            foreach (var row in group.Checks)
            {
                h.Write($"<tr class=\"check\" data-check=\"{E(row.Name)}\"><th scope=\"row\"><code>{E(row.Name)}</code></th>");
                AppendRowCells(h, row, grid.Columns, rich, logs);
                h.Write("</tr>\n");
            }

            h.Write("</tbody>\n");
        }

        h.Write("</table></div>\n");
    }

    private static void AppendRowCells(TextWriter h, GridRow row, IReadOnlyList<GridColumn> columns, bool rich, IReadOnlyDictionary<string, string> logs)
    {
        h.Write($"<td class=\"meta\">{E(row.Since ?? "")}");
        if (row.Features is not null) h.Write($"<div class=\"small\">{E(row.Features)}</div>");
        var backport = row.WorksBeforeRelease
            ? $"<div class=\"small backport\">older than its release: a backport{(row.Backports is { } b ? $" (stable {E(b)})" : "")}</div>"
            : "";
        h.Write($"</td><td class=\"meta\">{(row.WorksFrom is { } from ? $"{E(from.Label)}<div class=\"small\">{E(from.Upstream ?? "")}</div>{backport}" : "<span class=\"small\">nowhere</span>")}</td>");
        for (var i = 0; i < row.Entries.Count; i++)
        {
            var entry = row.Entries[i];
            if (!rich && entry.Mark == GridMark.Pass && !entry.Mixed && entry.Silent.Count == 0) h.Write("<td class=\"m-pass\">✔ pass</td>");
            else if (!rich && entry.Checks.Count == 0 && entry.Silent.Count == 0) h.Write("<td class=\"m-not-run\">· not run</td>");
            else AppendEntry(h, row, entry, columns[i], logs);
        }
    }

    private static void AppendEntry(TextWriter h, GridRow row, GridEntry entry, GridColumn column, IReadOnlyDictionary<string, string> logs)
    {
        var mark = entry.Mark;
        var counts = entry.Counts();
        // A check the agent lacked a capability or the means to look for names what it needed ("needs CAP_NET_ADMIN",
        // "needs inet_diag of TCP sockets (tcp_diag) to look"), not a fail.
        var text = GridMarks.IsNoVerdict(mark)
            ? $"{Icon(mark)} {E(string.Join(", ", entry.Checks.Where(c => c.Mark == mark).Select(c => c.Check.Expected ?? GridMarks.Short(mark)).Distinct(StringComparer.Ordinal)))}"
            : $"{Icon(mark)} {E(GridMarks.Short(mark))}";
        if (row.CheckId is null && entry.Mixed) text += $" <span class=\"small\">{counts[0].Count}/{entry.Checks.Count}</span>";
        else if (entry.Mixed) text += " <span class=\"small\">mixed</span>";
        h.Write($"<td class=\"{GridMarks.Css(mark)}\" data-kernel=\"{E(column.Kernel)}\"{(column.Family is null ? "" : $" data-family=\"{E(column.Family)}\"")} data-mark=\"{E(GridMarks.Label(mark))}\"><details><summary>{text}</summary><div class=\"pop\">");
        if (entry.Checks.Count > 0)
        {
            h.Write($"<div>{E(string.Join(", ", counts.Select(p => $"{p.Count} {GridMarks.Label(p.Mark)}")))}</div>");
            var first = entry.Checks.OrderBy(c => GridMarks.Rank(c.Mark)).First();
            if (CheckKinds.Explain(first.Check, CheckRows.Upstream(first.Cell)) is { } why) h.Write($"<div><strong>{E(why)}</strong></div>");
            var listed = row.CheckId is null
                ? entry.Checks.Where(c => c.Mark != GridMark.Pass).OrderBy(c => GridMarks.Rank(c.Mark)).DistinctBy(c => c.Check.Id).Take(ListedPerEntry).ToList()
                : entry.Checks.OrderBy(c => GridMarks.Rank(c.Mark)).Take(ListedPerEntry).ToList();
            if (listed.Count > 0)
            {
                if (row.CheckId is null)
                {
                    // A group: which checks, in short (each check's row has the full story).
                    h.Write("<div class=\"small\">");
                    h.Write(string.Join(", ", listed.Select(c => $"{Icon(c.Mark)}<code>{E(c.Check.Id)}</code>{(c.Check.Errno is null ? "" : $" {E(c.Check.Errno)}")}")));
                    h.Write("</div>");
                }
                else
                {
                    h.Write("<ul>");
                    foreach (var c in listed) AppendCheck(h, c);
                    h.Write("</ul>");
                }
            }

            var more = (row.CheckId is null ? entry.Checks.Where(c => c.Mark != GridMark.Pass).Select(c => c.Check.Id).Distinct().Count() : entry.Checks.Count) - listed.Count;
            if (more > 0) h.Write($"<div class=\"small\">+{more} more{(row.CheckId is null ? " (open the group)" : "")}</div>");
            var cells = entry.Checks.Select(c => c.Cell).DistinctBy(c => c.Cell.Id).ToList();
            h.Write($"<div class=\"small\">cells: {string.Join(", ", cells.Select(c => CellLink(c) + (logs.TryGetValue(c.Cell.Id, out var l) && l.Length > 0 ? $" ({l})" : "")))}</div>");
        }

        foreach (var cell in entry.Silent)
            h.Write($"<div>{CellLink(cell)}: {E(CheckRows.Status(cell.Status))}{(cell.Reason is null ? "" : " &mdash; " + E(cell.Reason))}{(logs.TryGetValue(cell.Cell.Id, out var l) && l.Length > 0 ? $" <span class=\"small\">({l})</span>" : "")}</div>");
        if (entry.Checks.Count == 0 && entry.Silent.Count == 0) h.Write("<div>not run: no cell of this kernel ran this check</div>");
        h.Write("</div></details></td>");
    }

    private static void AppendCheck(TextWriter h, GridCheck c)
    {
        var check = c.Check;
        var cell = c.Cell.Cell;
        h.Write($"<li>{Icon(c.Mark)} {E(CheckKinds.Label(CheckKinds.Of(check)))}: ");
        h.Write($"{E(c.Family)} {E(cell.Backend)}/{E(cell.Variant)}{(cell.Userspace is null or "scratch" ? "" : "/" + E(cell.Userspace))}{(cell.Repeat > 1 ? $" r{cell.Repeat}" : "")}");
        if (check.Expected is not null || check.Observed is not null) h.Write($"; expected <code>{E(check.Expected ?? "-")}</code>, observed <code>{E(check.Observed ?? "-")}</code>");
        if (check.Errno is not null) h.Write($"; errno <code>{E(check.Errno)}</code>");
        if (check.Reason is not null && c.Mark != GridMark.Pass) h.Write($"; {E(check.Reason)}");
        h.Write($"; {check.DurationMs.ToString("0.###", CultureInfo.InvariantCulture)} ms");
        if (c.Cell.RetriesUsed > 0) h.Write($"; {c.Cell.RetriesUsed} retr{(c.Cell.RetriesUsed == 1 ? "y" : "ies")}");
        h.Write("</li>");
    }

    /// <summary>For each pair of adjacent kernel columns: the groups whose mark changed and, inside them, the checks.</summary>
    private static void AppendDiff(TextWriter h, CompatibilityGrid grid)
    {
        if (grid.Columns.Count < 2) return;
        h.Write($"<h2 id=\"diff\">What changes from kernel to kernel</h2>\n<p class=\"small\">Kernel columns of variant <code>{E(grid.Variant)}</code>: pick any two to see the checks that differ, " +
            "then the number of groups that differ for every pair, then each kernel with the next in version order (these two need no script).</p>\n");
        AppendPicker(h, grid);
        if (grid.Columns.Count <= MaxPairwiseColumns)
        {
            // Any two kernels: how many groups differ, and which (open an entry).
            h.Write("<div class=\"scroll\"><table class=\"pairs\"><thead><tr><th>Groups that differ</th>");
            foreach (var column in grid.Columns) h.Write($"<th>{E(column.Label)}</th>");
            h.Write("</tr></thead><tbody>\n");
            for (var a = 0; a < grid.Columns.Count; a++)
            {
                h.Write($"<tr><th>{E(grid.Columns[a].Label)}</th>");
                for (var b = 0; b < grid.Columns.Count; b++)
                {
                    if (a == b)
                    {
                        h.Write("<td class=\"m-not-run\">&mdash;</td>");
                        continue;
                    }

                    var differ = grid.Diff(a, b);
                    if (differ.Count == 0) h.Write("<td>0 (same)</td>");
                    else h.Write($"<td><details><summary>{differ.Count}</summary><div class=\"small\">{string.Join(", ", differ.Select(d => $"<code>{E(d.Group.Name)}</code>: {GridMarks.Icon(d.Group.Summary.Entries[a].Mark)}&rarr;{GridMarks.Icon(d.Group.Summary.Entries[b].Mark)}"))}</div></details></td>");
                }

                h.Write("</tr>\n");
            }

            h.Write("</tbody></table></div>\n<h3>Adjacent kernels</h3>\n");
        }

        for (var i = 0; i + 1 < grid.Columns.Count; i++)
        {
            var (left, right) = (grid.Columns[i], grid.Columns[i + 1]);
            var changed = grid.Diff(i, i + 1);
            h.Write($"<details class=\"diff\"{(changed.Count > 0 && changed.Count <= 6 ? " open" : "")}><summary>{E(left.Label)} ({E(left.Upstream ?? "?")}) &rarr; {E(right.Label)} ({E(right.Upstream ?? "?")}): ");
            h.Write(changed.Count == 0 ? "no change" : $"{changed.Count} group(s) changed");
            h.Write("</summary>");
            if (changed.Count > 0)
            {
                h.Write("<div class=\"scroll\"><table><thead><tr><th>Group</th><th>Checks changed</th><th>" + E(left.Label) + "</th><th>" + E(right.Label) + "</th></tr></thead><tbody>");
                foreach (var (group, rows) in changed)
                {
                    var transitions = rows.GroupBy(r => (r.Entries[i].Mark, To: r.Entries[i + 1].Mark)).Select(g => $"{g.Count()} {GridMarks.Label(g.Key.Mark)} → {GridMarks.Label(g.Key.To)}");
                    h.Write($"<tr><th><code>{E(group.Name)}</code></th><td>{E(string.Join("; ", transitions))}</td>");
                    h.Write($"<td class=\"{GridMarks.Css(group.Summary.Entries[i].Mark)}\">{Icon(group.Summary.Entries[i].Mark)} {E(GridMarks.Label(group.Summary.Entries[i].Mark))}</td>");
                    h.Write($"<td class=\"{GridMarks.Css(group.Summary.Entries[i + 1].Mark)}\">{Icon(group.Summary.Entries[i + 1].Mark)} {E(GridMarks.Label(group.Summary.Entries[i + 1].Mark))}</td></tr>");
                }

                h.Write("</tbody></table></div>");
            }

            h.Write("</details>\n");
        }
    }

    /// <summary>
    /// Any two kernel columns side by side: two lists to choose from and the check rows of the first grid whose marks differ,
    /// computed in the page by a small inline script from the grid itself (no data is repeated, no network). Without
    /// JavaScript the form stays hidden and the pair table and the adjacent kernels below say the same in counts.
    /// Checks that one side could not run for lack of a privilege or of the means to look (<see cref="GridMarks.IsNoVerdict"/>) are
    /// not differences.
    /// </summary>
    private static void AppendPicker(TextWriter h, CompatibilityGrid grid)
    {
        h.Write($"<form id=\"pick\" class=\"pick\" hidden data-variant=\"{E(grid.Variant)}\"><label>Kernel <select name=\"a\">");
        void Options(int selected)
        {
            for (var i = 0; i < grid.Columns.Count; i++)
                h.Write($"<option value=\"{i}\"{(i == selected ? " selected" : "")}>{E(grid.Columns[i].Label)} ({E(grid.Columns[i].Upstream ?? "?")})</option>");
        }

        Options(0);
        h.Write("</select></label> <label>and <select name=\"b\">");
        Options(grid.Columns.Count - 1);
        h.Write("</select></label><div id=\"pick-out\" aria-live=\"polite\"></div></form>\n<script>");
        h.Write(PickerScript.Replace("NEEDS", GridMarks.Css(GridMark.NeedsCapability), StringComparison.Ordinal)
            .Replace("UNSEEN", GridMarks.Css(GridMark.NotObservable), StringComparison.Ordinal));
        h.Write("</script>\n");
    }

    /// <summary>The picker: reads the marks (the mark's CSS class) of the chosen columns from every check row of the grid (a group
    /// without check rows: its own row) and lists the rows that differ, by group.</summary>
    private const string PickerScript = """
        (() => {
          const form = document.getElementById('pick'), out = document.getElementById('pick-out');
          const grid = document.querySelector('table.grid[data-variant="' + form.dataset.variant + '"]');
          if (!grid) return;
          form.hidden = false;
          const mark = td => [...td.classList].find(c => c.startsWith('m-')) || '';
          const text = td => (td.querySelector('summary') || td).textContent.trim();
          const el = (tag, props, ...kids) => { const e = Object.assign(document.createElement(tag), props); e.append(...kids); return e; };
          const show = () => {
            const a = +form.elements.a.value, b = +form.elements.b.value, names = [...form.elements.a.options].map(o => o.text);
            const table = el('table', { className: 'picked' }), body = el('tbody');
            table.append(el('thead', {}, el('tr', {}, el('th', { textContent: 'Group / check' }), el('th', { textContent: names[a] }), el('th', { textContent: names[b] }))), body);
            let rows = 0, groups = 0;
            for (const tbody of grid.tBodies) {
              const checks = tbody.querySelectorAll('tr.check');
              const changed = [...(checks.length ? checks : tbody.querySelectorAll('tr.group-row'))].filter(tr => {
                const tds = tr.querySelectorAll('td:not(.meta)'), x = mark(tds[a]), y = mark(tds[b]);
                const none = m => m === 'NEEDS' || m === 'UNSEEN';
                return x !== y && !none(x) && !none(y);
              });
              if (!changed.length) continue;
              groups++; rows += changed.length;
              body.append(el('tr', { className: 'picked-group' }, el('th', { colSpan: 3, textContent: tbody.dataset.group + ' (' + changed.length + ')' })));
              for (const tr of changed) {
                const tds = tr.querySelectorAll('td:not(.meta)');
                body.append(el('tr', { className: 'picked-row' }, el('th', {}, el('code', { textContent: tr.dataset.check || tbody.dataset.group })),
                  el('td', { className: mark(tds[a]), textContent: text(tds[a]) }), el('td', { className: mark(tds[b]), textContent: text(tds[b]) })));
              }
            }
            out.replaceChildren(el('p', { className: 'picked-count', textContent: a === b ? 'the same column twice' : rows ? rows + ' check(s) in ' + groups + ' group(s) differ' : 'no difference' }),
              ...(rows ? [el('div', { className: 'scroll' }, table)] : []));
          };
          form.addEventListener('change', show);
          show();
        })();
        """;

    /// <summary>Per kernel: where it came from and what ran it, from the cells' provenance and the agent's kernel info.</summary>
    private static void AppendProvenance(TextWriter h, ReportDocument report)
    {
        h.Write("<h2 id=\"provenance\">Kernels: provenance</h2>\n<div class=\"scroll\"><table><thead><tr><th>Kernel</th><th>Upstream</th><th>Release</th><th>Source / package</th><th>SHA-256 or path</th>" +
            "<th>Backends</th><th>Privilege</th><th>Accel</th><th>QEMU / Docker / virtme</th><th>Agent</th><th>Sysctls</th></tr></thead><tbody>\n");
        foreach (var kernel in report.CellsByKernel().OrderBy(k => CompatibilityGrid.KernelUpstream(k), UpstreamVersion.Comparer))
        {
            var cells = kernel.ToList();
            string Join(Func<CellResult, string?> pick) => string.Join(", ", cells.Select(pick).Where(x => !string.IsNullOrEmpty(x)).Distinct(StringComparer.Ordinal));
            var upstream = cells.Select(c => c.Agent?.Kernel).FirstOrDefault(k => k?.UpstreamVersion is not null);
            h.Write($"<tr id=\"k-{E(kernel.Key)}\"><th>{E(CheckRows.KernelLabel(cells[0]))}</th>");
            var derived = upstream is null ? CompatibilityGrid.KernelUpstream(cells) : null;
            h.Write($"<td>{E(upstream?.UpstreamVersion ?? derived ?? "unknown")}{(upstream?.UpstreamVersionSource is { } from ? $"<div class=\"small\">from {E(from)}</div>" : derived is not null ? "<div class=\"small\">from the package version</div>" : "")}</td>");
            h.Write($"<td>{E(Join(CheckRows.Release))}</td><td>{E(Join(c => c.Provenance.KernelSource))}<div class=\"small\">{E(Join(c => c.Provenance.KernelPackage))}</div></td>");
            var path = cells.Select(c => c.Cell.KernelSource.Path).FirstOrDefault(p => p is not null);
            h.Write($"<td><code>{E(Join(c => c.Provenance.KernelSha256) is { Length: > 0 } sha ? sha : path ?? (cells[0].Provenance.HostKernel ? "the host's running kernel" : ""))}</code></td>");
            h.Write($"<td>{E(Join(c => c.Cell.Backend))}</td><td>{E(Join(Privilege))}</td><td>{E(Join(c => c.Provenance.Accel))}</td>");
            var tools = new[]
            {
                Join(c => c.Provenance.QemuVersion) is { Length: > 0 } q ? "QEMU " + q + (Join(c => c.Provenance.BootEntry) is { Length: > 0 } entry ? $" ({entry} entry)" : "") : "",
                Join(c => c.Provenance.DockerServerVersion) is { Length: > 0 } d ? "Docker " + d + (Join(c => c.Provenance.DockerApiVersion) is { Length: > 0 } api ? $" (API {api})" : "") : "",
                Join(c => c.Provenance.ContainerImage) is { Length: > 0 } img ? "image " + img : "",
                Join(c => c.Provenance.VirtmeVersion) is { Length: > 0 } v ? "virtme " + v : "",
            }.Where(t => t.Length > 0);
            h.Write($"<td>{E(string.Join("; ", tools))}</td><td>{E(Join(c => c.Provenance.AgentVersion ?? c.Agent?.AgentVersion))}</td><td>");
            foreach (var variant in cells.GroupBy(c => c.Cell.Variant))
            {
                var set = variant.Select(c => c.Provenance.Sysctls).FirstOrDefault(x => x.Count > 0) ?? variant.First().Cell.Sysctls;
                var seen = variant.Select(c => c.Agent?.Kernel.MptcpSysctls).FirstOrDefault(x => x is not null);
                h.Write($"<div><code>{E(variant.Key)}</code>: {(set.Count == 0 ? "kernel defaults" : E(string.Join(", ", set.Select(p => $"{p.Key}={p.Value}"))))}");
                if (seen is not null) h.Write($"<details><summary class=\"small\">net.mptcp.* as seen</summary><div class=\"small\">{E(string.Join(", ", seen.Select(p => $"{p.Key}={p.Value}")))}</div></details>");
                h.Write("</div>");
            }

            h.Write("</td></tr>\n");
        }

        h.Write("</tbody></table></div>\n");
    }

    /// <summary>Every cell: its verdict, where it ran, how long, retries, and links to its logs (the console for VMs).</summary>
    private static void AppendCells(TextWriter h, ReportDocument report, IReadOnlyDictionary<string, string> logs)
    {
        h.Write("<h2 id=\"cells\">Cells</h2>\n<div class=\"scroll\"><table><thead><tr><th>Cell</th><th>Status</th><th>Backend / variant</th><th>Duration</th><th>Retries</th><th>Why</th><th>Logs</th></tr></thead><tbody>\n");
        var summaries = report.CellChecks.ToDictionary(c => c.Id, StringComparer.Ordinal);
        foreach (var cell in report.Cells.OrderBy(c => c.Cell.Kernel, StringComparer.Ordinal).ThenBy(c => c.Cell.Id, StringComparer.Ordinal))
        {
            var summary = summaries[cell.Cell.Id];
            h.Write($"<tr id=\"c-{E(cell.Cell.Id)}\"><th><code>{E(cell.Cell.Id)}</code></th><td class=\"{GridMarks.Css(CellMark(cell.Status))}\">{Icon(CellMark(cell.Status))} {E(CheckRows.Status(cell.Status))}");
            if (summary.Unexpected is not null) h.Write($"<div class=\"small\">{(cell.Status == CellStatus.Pass ? "unexpected: " : "")}{E(summary.Unexpected)}</div>");
            h.Write($"</td><td>{E(cell.Cell.Family)} {E(CheckRows.Column(cell))}{(cell.Provenance.Accel is "none" ? "" : $" ({E(cell.Provenance.Accel)})")}{(cell.Provenance.Privilege is { } privilege ? $"<div class=\"small\">as {E(privilege)}</div>" : "")}</td><td>{Seconds(cell)}</td><td>{cell.RetriesUsed} of {cell.Cell.Retries}</td>");
            h.Write($"<td>{(cell.Reason is null ? "" : cell.Reason.Contains('\n', StringComparison.Ordinal) ? $"<details><summary>{E(cell.Reason.Split('\n')[0])}</summary><pre>{E(cell.Reason)}</pre></details>" : E(cell.Reason))}</td><td>");
            h.Write(logs[cell.Cell.Id]);
            h.Write("</td></tr>\n");
        }

        h.Write("</tbody></table></div>\n");
    }

    /// <summary>How the agent ran: <c>host: root</c>, <c>host: user namespace</c> (a normal user's run), <c>vm: root in the guest</c>.</summary>
    private static string Privilege(CellResult cell) => cell.Provenance.Privilege switch
    {
        Provenance.PrivilegeRoot => $"{cell.Cell.Backend}: root",
        Provenance.PrivilegeUserNamespace => $"{cell.Cell.Backend}: user namespace (root of its own, a normal user's run)",
        { } other => $"{cell.Cell.Backend}: {other}",
        null when cell.Agent is null => "",
        null => cell.Cell.Backend switch
        {
            "vm" or "virtme" => $"{cell.Cell.Backend}: root (the guest's own)",
            "container" => "container: a normal user, every capability dropped",
            _ => "",
        },
    };

    private static GridMark CellMark(CellStatus status) => status switch
    {
        CellStatus.Pass => GridMark.Pass,
        CellStatus.Fail => GridMark.Fail,
        CellStatus.Unsupported => GridMark.ExpectedUnsupported,
        _ => GridMarks.Of(status),
    };

    /// <summary>A link to a log that exists under a source directory, relative to the page; else its name.</summary>
    private static string LogLink(ReportDocument report, string log, string? outDir)
    {
        var name = E(Path.GetFileName(log));
        if (outDir is null) return $"<code>{name}</code>";
        foreach (var source in report.Sources)
        {
            var full = Path.GetFullPath(Path.Combine(source, log));
            if (!File.Exists(full)) continue;
            var relative = Path.GetRelativePath(Path.GetFullPath(outDir), full).Replace('\\', '/');
            var href = string.Join("/", relative.Split('/').Select(Uri.EscapeDataString));
            return $"<a href=\"{E(href)}\">{name}</a>";
        }

        return $"<code>{name}</code>";
    }

    private static string CellLink(CellResult cell) => $"<a href=\"#c-{E(cell.Cell.Id)}\">{E(cell.Cell.Id)}</a>";

    private static string Seconds(CellResult cell) => $"{(cell.EndedAt - cell.StartedAt).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s";

    /// <summary>The mark's icon, hidden from screen readers (the words follow it).</summary>
    private static string Icon(GridMark mark) => $"<span class=\"i\" aria-hidden=\"true\">{GridMarks.Icon(mark)}</span>";

    private static void AppendDuplicates(TextWriter h, ReportDocument report)
    {
        h.Write($"<p>Duplicate cell ids: <code>--on-duplicate {CellMerger.PolicyName(report.OnDuplicate)}</code>; {report.Duplicates.Count} with conflicting results.</p>\n");
        if (report.Duplicates.Count == 0) return;
        h.Write("<table><thead><tr><th>Cell</th><th>Kept</th><th>File</th><th>Verdict</th><th>Ended</th></tr></thead><tbody>\n");
        foreach (var duplicate in report.Duplicates)
        {
            foreach (var input in duplicate.Inputs)
                h.Write($"<tr><td><a href=\"#c-{E(duplicate.CellId)}\">{E(duplicate.CellId)}</a></td><td>{(input.Kept ? "kept" : "dropped")}</td><td><code>{E(input.File)}</code></td><td>{E(input.Verdict)}</td><td>{CellMerger.Time(input.EndedAt)}</td></tr>\n");
        }

        h.Write("</tbody></table>\n");
    }

    /// <summary>The counts per class, then up to <see cref="ListedPerClass"/> changes of each class.</summary>
    /// <param name="here">The ids of this report's cells: a change links to its cell when the cell is in the page.</param>
    private static void AppendBaseline(TextWriter h, BaselineComparison b, IReadOnlySet<string> here)
    {
        h.Write($"<h2 id=\"baseline\">Compared with the baseline</h2>\n<p>Baseline <code>{E(b.Baseline)}</code>: {E(b.Verdict())}.</p>\n");
        h.Write("<table><thead><tr><th>Change</th><th>Checks</th></tr></thead><tbody>\n");
        foreach (var change in ChangeClasses.All)
            h.Write($"<tr><td>{ChangeClasses.Name(change)}{(b.FailOn.Contains(change) ? " (fails the run)" : "")}</td><td>{b.Counts[change]}</td></tr>\n");
        h.Write("</tbody></table>\n");
        foreach (var change in ChangeClasses.All)
        {
            var listed = b.Changes.Where(c => c.Class == change).Take(ListedPerClass).ToList();
            if (listed.Count == 0) continue;
            h.Write($"<details{(b.FailOn.Contains(change) ? " open" : "")}><summary>{ChangeClasses.Name(change)} ({b.Counts[change]})</summary><ul>");
            foreach (var c in listed)
                h.Write($"<li>{(here.Contains(c.CellId) ? $"<a href=\"#c-{E(c.CellId)}\">{E(c.CellId)}</a>" : E(c.CellId))} <code>{E(c.Family)}.{E(c.CheckId)}</code>: {E(CheckState.Describe(c.Before))} &rarr; {E(CheckState.Describe(c.After))}</li>");
            if (b.Counts[change] > ListedPerClass) h.Write($"<li>+{b.Counts[change] - ListedPerClass} more (report.json lists every change)</li>");
            h.Write("</ul></details>\n");
        }
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
