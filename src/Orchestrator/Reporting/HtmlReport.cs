using System.Net;
using System.Text;
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
        var h = new StringBuilder();
        var s = report.Summary;
        h.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>MPTCP matrix</title><style>").Append(Style).Append("</style></head><body>\n");
        h.Append("<h1>MPTCP socket API compatibility matrix</h1>\n");
        h.Append($"<p>{s.Cells} cells: {s.Pass} pass, {s.Fail} fail, {s.Unsupported} unsupported, {s.Untestable} untestable, {s.InfraError} infra-error, {s.Skipped} skipped. ");
        h.Append($"{s.Checks} checks: {s.ChecksPassed} pass, {s.ChecksFailed} fail, {s.ChecksUnsupported} unsupported, {s.ChecksError} error. ");
        h.Append($"Generated {E(report.GeneratedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture))}.</p>\n");
        h.Append("<p class=\"legend\"><span class=\"pass\" style=\"background:#d8f5d0\">pass</span><span style=\"background:#f8c8c4\">fail</span><span style=\"background:#dde7f7\">unsupported</span>")
            .Append("<span style=\"background:#e6e0f3\">untestable</span><span style=\"background:#fde7b0\">infra-error</span><span style=\"background:#eee\">skipped</span></p>\n");

        // Kernel x (family, backend, variant...) grid.
        var columns = report.Cells.Select(c => (c.Cell.Family, Column: CheckRows.Column(c))).Distinct()
            .OrderBy(c => c.Family, StringComparer.Ordinal).ThenBy(c => c.Column, StringComparer.Ordinal).ToList();
        h.Append("<h2>Kernels</h2>\n<table><thead><tr><th rowspan=\"2\">Kernel</th><th rowspan=\"2\">Release</th>");
        foreach (var family in columns.GroupBy(c => c.Family)) h.Append($"<th colspan=\"{family.Count()}\">{E(family.Key)}</th>");
        h.Append("</tr><tr>");
        foreach (var column in columns) h.Append($"<th>{E(column.Column)}</th>");
        h.Append("</tr></thead><tbody>\n");
        foreach (var kernel in report.Cells.GroupBy(c => c.Cell.Kernel))
        {
            var releases = string.Join(", ", kernel.Select(CheckRows.Release).Where(r => r.Length > 0).Distinct());
            h.Append($"<tr><th>{E(CheckRows.KernelLabel(kernel.First()))}<div class=\"small\">{E(kernel.First().Provenance.KernelSource ?? kernel.First().Cell.KernelSource.ToString())}</div></th><td>{E(releases)}</td>");
            foreach (var column in columns)
            {
                var cell = kernel.FirstOrDefault(c => c.Cell.Family == column.Family && CheckRows.Column(c) == column.Column);
                if (cell is null)
                {
                    h.Append("<td class=\"none\"></td>");
                    continue;
                }

                var status = CheckRows.Status(cell.Status);
                var failing = CheckRows.Checks(cell).Where(x => x.Check.Outcome is CheckOutcome.Fail or CheckOutcome.Error).ToList();
                h.Append($"<td class=\"{status}\" id=\"{E(cell.Cell.Id)}\" title=\"{E(cell.Cell.Id)}\">");
                if (failing.Count == 0 && cell.Reason is null)
                {
                    h.Append(E(status));
                }
                else
                {
                    h.Append($"<details><summary>{E(status)}{(failing.Count > 0 ? $" ({failing.Count})" : "")}</summary>");
                    if (cell.Reason is not null) h.Append(cell.Reason.Contains('\n', StringComparison.Ordinal) ? $"<pre>{E(cell.Reason)}</pre>" : $"<p>{E(cell.Reason)}</p>");
                    if (failing.Count > 0)
                    {
                        h.Append("<ul>");
                        foreach (var (family, check) in failing)
                        {
                            h.Append($"<li><code>{E(family)}.{E(check.Id)}</code>: {E(CheckRows.Outcome(check.Outcome))}, expected <code>{E(check.Expected ?? "-")}</code>, observed <code>{E(check.Observed ?? "-")}</code>");
                            if (check.Errno is not null) h.Append($" ({E(check.Errno)})");
                            if (check.Reason is not null) h.Append($" - {E(check.Reason)}");
                            h.Append("</li>");
                        }

                        h.Append("</ul>");
                    }

                    h.Append("</details>");
                }

                h.Append("</td>");
            }

            h.Append("</tr>\n");
        }

        h.Append("</tbody></table>\n");
        AppendCheckGrids(h, report);
        h.Append("</body></html>\n");
        return h.ToString();
    }

    /// <summary>Per variant: rows = family.check, columns = kernels; rows whose outcome differs across kernels come first.</summary>
    private static void AppendCheckGrids(StringBuilder h, ReportDocument report)
    {
        var withChecks = report.Cells.Where(c => c.Agent is not null).ToList();
        if (withChecks.Count == 0) return;
        h.Append("<h2>Checks across kernels</h2>\n<p class=\"small\">Each entry merges the cells of that kernel (all backends); highlighted rows differ across kernels.</p>\n");
        var kernels = report.Cells.Select(c => c.Cell.Kernel).Distinct().ToList();
        foreach (var variant in withChecks.GroupBy(c => c.Cell.Variant))
        {
            var outcomes = new Dictionary<(string Check, string Kernel), SortedSet<string>>();
            foreach (var cell in variant)
            {
                foreach (var (family, check) in CheckRows.Checks(cell))
                {
                    var key = ($"{family}.{check.Id}", cell.Cell.Kernel);
                    if (!outcomes.TryGetValue(key, out var set)) outcomes[key] = set = new SortedSet<string>(StringComparer.Ordinal);
                    set.Add(CheckRows.Outcome(check.Outcome));
                }
            }

            var checkIds = outcomes.Keys.Select(k => k.Check).Distinct().ToList();
            string Value(string check, string kernel) =>
                outcomes.TryGetValue((check, kernel), out var set) ? (set.Count == 1 ? set.Min! : "mixed") : "none";
            bool Differs(string check) => kernels.Select(k => Value(check, k)).Where(v => v != "none").Distinct().Count() > 1;
            var ordered = checkIds.OrderBy(c => Differs(c) ? 0 : 1).ThenBy(c => c, StringComparer.Ordinal).ToList();
            h.Append($"<h3>Variant {E(variant.Key)}: {ordered.Count(Differs)} of {ordered.Count} checks differ</h3>\n");
            h.Append("<table><thead><tr><th>Check</th>");
            foreach (var kernel in kernels) h.Append($"<th>{E(kernel)}</th>");
            h.Append("</tr></thead><tbody>\n");
            foreach (var check in ordered)
            {
                h.Append(Differs(check) ? "<tr class=\"differs\">" : "<tr>").Append($"<th><code>{E(check)}</code></th>");
                foreach (var kernel in kernels)
                {
                    var value = Value(check, kernel);
                    var title = outcomes.TryGetValue((check, kernel), out var set) ? string.Join(", ", set) : "not run";
                    h.Append($"<td class=\"{value}\" title=\"{E(title)}\">{(value == "none" ? "" : E(value))}</td>");
                }

                h.Append("</tr>\n");
            }

            h.Append("</tbody></table>\n");
        }
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
