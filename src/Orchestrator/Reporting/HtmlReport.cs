using System.Net;
using MptcpMatrix.Contracts;
using MptcpMatrix.Orchestrator.Cells;

namespace MptcpMatrix.Orchestrator.Reporting;

/// <summary>
/// A self-contained HTML compatibility matrix: kernels as rows x family/backend/variant columns, each cell coloured by status and
/// expanding to its failing checks; then, per sysctl variant, a check x kernel grid with the checks that differ across kernels first.
/// </summary>
public static class HtmlReport
{
    private const string Style = """
        body{font-family:system-ui,sans-serif;margin:1.5em;color:#222}
        table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:.3em .5em;vertical-align:top;font-size:.9em}
        th{background:#f3f3f3;text-align:left}td.pass{background:#d8f5d0}td.fail{background:#f8c8c4}td.unsupported{background:#dde7f7}
        td.untestable{background:#e6e0f3}td.infra-error{background:#fde7b0}td.skipped,td.none{background:#eee;color:#777}td.mixed{background:#fff3c4}
        td.error{background:#fde7b0}tr.differs th{background:#ffe9a8}details summary{cursor:pointer;font-weight:600}
        code{font-size:.95em}.legend span{display:inline-block;padding:.1em .5em;margin-right:.3em;border:1px solid #ccc}
        .small{color:#666;font-size:.85em}
        """;

    public static string Render(ReportDocument report)
    {
        using var writer = new StringWriter();
        Write(report, writer);
        return writer.ToString();
    }

    /// <summary>Streams the page (large matrices never hold it in memory twice).</summary>
    public static void Write(ReportDocument report, TextWriter h)
    {
        var s = report.Summary;
        h.Write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>MPTCP matrix</title><style>");
        h.Write(Style);
        h.Write("</style></head><body>\n");
        h.Write("<h1>MPTCP socket API compatibility matrix</h1>\n");
        h.Write($"<p>{s.Cells} cells: {s.Pass} pass, {s.Fail} fail, {s.Unsupported} unsupported, {s.Untestable} untestable, {s.InfraError} infra-error, {s.Skipped} skipped. ");
        h.Write($"{s.Checks} checks: {s.ChecksPassed} pass, {s.ChecksFailed} fail, {s.ChecksUnsupported} unsupported, {s.ChecksError} error. ");
        h.Write($"Generated {E(report.GeneratedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture))}.</p>\n");
        h.Write("<p class=\"legend\"><span class=\"pass\" style=\"background:#d8f5d0\">pass</span><span style=\"background:#f8c8c4\">fail</span><span style=\"background:#dde7f7\">unsupported</span>");
        h.Write("<span style=\"background:#e6e0f3\">untestable</span><span style=\"background:#fde7b0\">infra-error</span><span style=\"background:#eee\">skipped</span></p>\n");

        // Kernel x (family, backend, variant...) grid.
        var columns = report.Cells.Select(c => (c.Cell.Family, Column: CheckRows.Column(c))).Distinct()
            .OrderBy(c => c.Family, StringComparer.Ordinal).ThenBy(c => c.Column, StringComparer.Ordinal).ToList();
        h.Write("<h2>Kernels</h2>\n<table><thead><tr><th rowspan=\"2\">Kernel</th><th rowspan=\"2\">Release</th>");
        foreach (var family in columns.GroupBy(c => c.Family)) h.Write($"<th colspan=\"{family.Count()}\">{E(family.Key)}</th>");
        h.Write("</tr><tr>");
        foreach (var column in columns) h.Write($"<th>{E(column.Column)}</th>");
        h.Write("</tr></thead><tbody>\n");
        foreach (var kernel in report.CellsByKernel())
        {
            var releases = string.Join(", ", kernel.Select(CheckRows.Release).Where(r => r.Length > 0).Distinct());
            h.Write($"<tr><th>{E(CheckRows.KernelLabel(kernel.First()))}<div class=\"small\">{E(kernel.First().Provenance.KernelSource ?? kernel.First().Cell.KernelSource.ToString())}</div></th><td>{E(releases)}</td>");
            foreach (var column in columns)
            {
                var cell = kernel.FirstOrDefault(c => c.Cell.Family == column.Family && CheckRows.Column(c) == column.Column);
                if (cell is null)
                {
                    h.Write("<td class=\"none\"></td>");
                    continue;
                }

                var status = CheckRows.Status(cell.Status);
                var failing = CheckRows.Checks(cell).Where(x => x.Check.Outcome is CheckOutcome.Fail or CheckOutcome.Error).ToList();
                h.Write($"<td class=\"{status}\" id=\"{E(cell.Cell.Id)}\" title=\"{E(cell.Cell.Id)}\">");
                if (failing.Count == 0 && cell.Reason is null)
                {
                    h.Write(E(status));
                }
                else
                {
                    h.Write($"<details><summary>{E(status)}{(failing.Count > 0 ? $" ({failing.Count})" : "")}</summary>");
                    if (cell.Reason is not null) h.Write(cell.Reason.Contains('\n', StringComparison.Ordinal) ? $"<pre>{E(cell.Reason)}</pre>" : $"<p>{E(cell.Reason)}</p>");
                    if (failing.Count > 0)
                    {
                        h.Write("<ul>");
                        foreach (var (family, check) in failing)
                        {
                            h.Write($"<li><code>{E(family)}.{E(check.Id)}</code>: {E(CheckRows.Outcome(check.Outcome))}, expected <code>{E(check.Expected ?? "-")}</code>, observed <code>{E(check.Observed ?? "-")}</code>");
                            if (check.Errno is not null) h.Write($" ({E(check.Errno)})");
                            if (check.Reason is not null) h.Write($" - {E(check.Reason)}");
                            h.Write("</li>");
                        }

                        h.Write("</ul>");
                    }

                    h.Write("</details>");
                }

                h.Write("</td>");
            }

            h.Write("</tr>\n");
        }

        h.Write("</tbody></table>\n");
        AppendCheckGrids(h, report);
        h.Write("</body></html>\n");
    }

    /// <summary>Per variant: rows = family.check, columns = kernels; rows whose outcome differs across kernels come first.</summary>
    private static void AppendCheckGrids(TextWriter h, ReportDocument report)
    {
        var withChecks = report.Cells.Where(c => c.Agent is not null).ToList();
        if (withChecks.Count == 0) return;
        h.Write("<h2>Checks across kernels</h2>\n<p class=\"small\">Each entry merges the cells of that kernel (all backends); highlighted rows differ across kernels.</p>\n");
        var kernels = report.CellsByKernel().Select(g => g.Key).ToList();
        foreach (var variant in withChecks.GroupBy(c => c.Cell.Variant))
        {
            // Keyed by (family, check id, kernel): no per-check string building for 100k checks.
            var outcomes = new Dictionary<(string Family, string Check, string Kernel), SortedSet<string>>();
            var failingCell = new Dictionary<(string, string, string), string>(); // links a failing entry to its cell in the kernel table
            foreach (var cell in variant)
            {
                foreach (var (family, check) in CheckRows.Checks(cell))
                {
                    var key = (family, check.Id, cell.Cell.Kernel);
                    if (!outcomes.TryGetValue(key, out var set)) outcomes[key] = set = new SortedSet<string>(StringComparer.Ordinal);
                    set.Add(CheckRows.Outcome(check.Outcome));
                    if (check.Outcome is CheckOutcome.Fail or CheckOutcome.Error) failingCell.TryAdd(key, cell.Cell.Id);
                }
            }

            var checkIds = outcomes.Keys.Select(k => (k.Family, k.Check)).Distinct().ToList();
            string Value((string Family, string Check) check, string kernel) =>
                outcomes.TryGetValue((check.Family, check.Check, kernel), out var set) ? (set.Count == 1 ? set.Min! : "mixed") : "none";
            var differs = checkIds.ToDictionary(c => c, c => kernels.Select(k => Value(c, k)).Where(v => v != "none").Distinct().Count() > 1);
            bool Differs((string, string) check) => differs[check];
            var ordered = checkIds.OrderBy(c => Differs(c) ? 0 : 1).ThenBy(c => c.Family, StringComparer.Ordinal).ThenBy(c => c.Check, StringComparer.Ordinal).ToList();
            h.Write($"<h3>Variant {E(variant.Key)}: {ordered.Count(Differs)} of {ordered.Count} checks differ</h3>\n");
            h.Write("<table><thead><tr><th>Check</th>");
            foreach (var kernel in kernels) h.Write($"<th>{E(kernel)}</th>");
            h.Write("</tr></thead><tbody>\n");
            foreach (var check in ordered)
            {
                h.Write(Differs(check) ? "<tr class=\"differs\">" : "<tr>");
                h.Write($"<th><code>{E(check.Family)}.{E(check.Check)}</code></th>");
                foreach (var kernel in kernels)
                {
                    var value = Value(check, kernel);
                    var title = outcomes.TryGetValue((check.Family, check.Check, kernel), out var set) ? string.Join(", ", set) : "not run";
                    var text = value == "none" ? "" : E(value);
                    if (failingCell.TryGetValue((check.Family, check.Check, kernel), out var cellId)) text = $"<a href=\"#{E(cellId)}\">{text}</a>";
                    h.Write($"<td class=\"{value}\" title=\"{E(title)}\">{text}</td>");
                }

                h.Write("</tr>\n");
            }

            h.Write("</tbody></table>\n");
        }
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
