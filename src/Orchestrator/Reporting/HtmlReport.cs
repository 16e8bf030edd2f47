using System.Net;
using MptcpMatrix.Contracts;
using MptcpMatrix.Orchestrator.Cells;

namespace MptcpMatrix.Orchestrator.Reporting;

/// <summary>
/// A self-contained HTML compatibility matrix: kernels as rows x family/backend/variant columns, each cell coloured by status,
/// naming its unexpected outcomes and expanding to its failing checks and the reasons for the rest; the baseline comparison by
/// class; then, per sysctl variant, a check x kernel grid with the checks that differ across kernels first. Every check kind
/// (regression, fell back, expected unsupported, MPTCP off, unexplained unsupported, earlier than upstream, ...) has its own mark
/// and words next to its colour.
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
        .small{color:#666;font-size:.85em}td.regression{background:#f4a7a0}td.fell-back{background:#f8d0b0}td.earlier{background:#c8efe0}
        td.expected-unsupported,td.mptcp-off{background:#e4ebf5}td.unknown-version{background:#f3e7c8}td.unexplained{background:#f6dcf0}
        .mark{font-weight:600}
        """;

    /// <summary>Changes listed per baseline class; report.json lists them all.</summary>
    public const int ListedPerClass = 100;

    private static readonly CheckKind[] LegendKinds =
    [
        CheckKind.Pass, CheckKind.EarlierThanUpstream, CheckKind.Fail, CheckKind.Regression, CheckKind.FellBack, CheckKind.ExpectedUnsupported,
        CheckKind.MptcpOff, CheckKind.UnknownVersion, CheckKind.UnexplainedUnsupported, CheckKind.Error,
    ];

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
        h.Write($"<p>{E(s.DescribeCells())}. {E(s.Checks.Describe())}. ");
        h.Write($"Generated {E(report.GeneratedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture))}.</p>\n");
        if (report.OnDuplicate == DuplicatePolicy.Latest || report.Duplicates.Count > 0) AppendDuplicates(h, report);
        h.Write("<p class=\"legend\"><span class=\"pass\" style=\"background:#d8f5d0\">pass</span><span style=\"background:#f8c8c4\">fail</span><span style=\"background:#dde7f7\">unsupported</span>");
        h.Write("<span style=\"background:#e6e0f3\">untestable</span><span style=\"background:#fde7b0\">infra-error</span><span style=\"background:#eee\">skipped</span></p>\n");
        h.Write("<p class=\"legend\">Checks: ");
        foreach (var kind in LegendKinds) h.Write($"<span class=\"{CheckKinds.CssClass(kind)}\">{Mark(kind)}</span>");
        h.Write("</p>\n");

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
                var upstream = CheckRows.Upstream(cell);
                var failing = CheckRows.Checks(cell).Where(x => x.Check.Outcome is CheckOutcome.Fail or CheckOutcome.Error)
                    .OrderBy(x => KernelNotes.Rank(CheckKinds.Of(x.Check))).ToList();
                var notes = KernelNotes.Of([cell]);
                var unexpected = CellSummary.Of(cell).Unexpected;
                h.Write($"<td class=\"{status}\" id=\"{E(cell.Cell.Id)}\" title=\"{E(cell.Cell.Id)}\">");
                if (failing.Count == 0 && notes.Count == 0 && cell.Reason is null)
                {
                    h.Write(E(status));
                }
                else
                {
                    // The unexpected outcomes stay visible when collapsed: a "pass" never hides them.
                    var said = unexpected is null ? "" : $" <span class=\"mark\">&mdash; {(cell.Status == CellStatus.Pass ? "unexpected: " : "")}{E(unexpected)}</span>";
                    h.Write($"<details><summary>{E(status)}{(failing.Count > 0 ? $" ({failing.Count})" : "")}{said}</summary>");
                    if (cell.Reason is not null) h.Write(cell.Reason.Contains('\n', StringComparison.Ordinal) ? $"<pre>{E(cell.Reason)}</pre>" : $"<p>{E(cell.Reason)}</p>");
                    if (failing.Count > 0 || notes.Count > 0)
                    {
                        h.Write("<ul>");
                        foreach (var (family, check) in failing)
                        {
                            var kind = CheckKinds.Of(check);
                            h.Write($"<li><code>{E(family)}.{E(check.Id)}</code>: {Mark(kind)}, expected <code>{E(check.Expected ?? "-")}</code>, observed <code>{E(check.Observed ?? "-")}</code>");
                            if (check.Errno is not null) h.Write($" ({E(check.Errno)})");
                            var why = kind is CheckKind.Fail or CheckKind.Error ? check.Reason : CheckKinds.Explain(check, upstream);
                            if (why is not null) h.Write($" - {E(why)}");
                            h.Write("</li>");
                        }

                        foreach (var note in notes.Where(n => n.Kind is not (CheckKind.Regression or CheckKind.FellBack)))
                            h.Write($"<li>{Mark(note.Kind)} <code>{E(note.Label)}</code> ({note.Checks} check(s)): {E(note.Why ?? "")}</li>");
                        h.Write("</ul>");
                    }

                    h.Write("</details>");
                }

                h.Write("</td>");
            }

            h.Write("</tr>\n");
        }

        h.Write("</tbody></table>\n");
        if (report.Baseline is { } baseline) AppendBaseline(h, baseline, report.Cells.Select(c => c.Cell.Id).ToHashSet(StringComparer.Ordinal));
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
            var outcomes = new Dictionary<(string Family, string Check, string Kernel), SortedSet<CheckKind>>();
            var explained = new Dictionary<(string, string, string), string>(); // the first reason given for a kind other than pass
            var failingCell = new Dictionary<(string, string, string), string>(); // links a failing entry to its cell in the kernel table
            foreach (var cell in variant)
            {
                foreach (var (family, check) in CheckRows.Checks(cell))
                {
                    var key = (family, check.Id, cell.Cell.Kernel);
                    if (!outcomes.TryGetValue(key, out var set)) outcomes[key] = set = [];
                    var kind = CheckKinds.Of(check);
                    set.Add(kind);
                    if (kind != CheckKind.Pass && !explained.ContainsKey(key) && CheckKinds.Explain(check, CheckRows.Upstream(cell)) is { } why) explained[key] = why;
                    if (check.Outcome is CheckOutcome.Fail or CheckOutcome.Error) failingCell.TryAdd(key, cell.Cell.Id);
                }
            }

            var checkIds = outcomes.Keys.Select(k => (k.Family, k.Check)).Distinct().ToList();
            string Value((string Family, string Check) check, string kernel) =>
                outcomes.TryGetValue((check.Family, check.Check, kernel), out var set) ? (set.Count == 1 ? CheckKinds.CssClass(set.Min) : "mixed") : "none";
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
                    var key = (check.Family, check.Check, kernel);
                    var title = outcomes.TryGetValue(key, out var set) ? string.Join(", ", set.Select(CheckKinds.Label)) : "not run";
                    if (explained.TryGetValue(key, out var why)) title += ": " + why;
                    var text = value switch
                    {
                        "none" => "",
                        "mixed" => "mixed: " + string.Join(", ", set!.Select(Mark)),
                        _ => Mark(set!.Min),
                    };
                    if (failingCell.TryGetValue(key, out var cellId)) text = $"<a href=\"#{E(cellId)}\">{text}</a>";
                    h.Write($"<td class=\"{value}\" title=\"{E(title)}\">{text}</td>");
                }

                h.Write("</tr>\n");
            }

            h.Write("</tbody></table>\n");
        }
    }

    /// <summary>The kind's symbol and words: never colour alone.</summary>
    private static string Mark(CheckKind kind) => $"{CheckKinds.Mark(kind)} {E(CheckKinds.Label(kind))}";

    private static void AppendDuplicates(TextWriter h, ReportDocument report)
    {
        h.Write($"<p>Duplicate cell ids: <code>--on-duplicate {CellMerger.PolicyName(report.OnDuplicate)}</code>; {report.Duplicates.Count} with conflicting results.</p>\n");
        if (report.Duplicates.Count == 0) return;
        h.Write("<table><thead><tr><th>Cell</th><th>Kept</th><th>File</th><th>Verdict</th><th>Ended</th></tr></thead><tbody>\n");
        foreach (var duplicate in report.Duplicates)
        {
            foreach (var input in duplicate.Inputs)
                h.Write($"<tr><td><a href=\"#{E(duplicate.CellId)}\">{E(duplicate.CellId)}</a></td><td>{(input.Kept ? "kept" : "dropped")}</td><td><code>{E(input.File)}</code></td><td>{E(input.Verdict)}</td><td>{CellMerger.Time(input.EndedAt)}</td></tr>\n");
        }

        h.Write("</tbody></table>\n");
    }

    /// <summary>The counts per class, then up to <see cref="ListedPerClass"/> changes of each class.</summary>
    /// <param name="here">The ids of this report's cells: a change links to its cell when the cell is in the page.</param>
    private static void AppendBaseline(TextWriter h, BaselineComparison b, IReadOnlySet<string> here)
    {
        h.Write($"<h2>Compared with the baseline</h2>\n<p>Baseline <code>{E(b.Baseline)}</code>: {E(b.Verdict())}.</p>\n");
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
                h.Write($"<li>{(here.Contains(c.CellId) ? $"<a href=\"#{E(c.CellId)}\">{E(c.CellId)}</a>" : E(c.CellId))} <code>{E(c.Family)}.{E(c.CheckId)}</code>: {E(CheckState.Describe(c.Before))} &rarr; {E(CheckState.Describe(c.After))}</li>");
            if (b.Counts[change] > ListedPerClass) h.Write($"<li>+{b.Counts[change] - ListedPerClass} more (report.json lists every change)</li>");
            h.Write("</ul></details>\n");
        }
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
