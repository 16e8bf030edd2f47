using System.Text;
using MptcpMatrix.Contracts;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Reporting.Grid;

namespace MptcpMatrix.Orchestrator.Reporting;

/// <summary>
/// The summary for <c>$GITHUB_STEP_SUMMARY</c>: totals (unsupported checks split into expected and not confirmed), the
/// regressions (against the baseline, then in this run), per variant the feature group x kernel grid of the HTML report
/// (<see cref="CompatibilityGrid"/>, groups needing attention first), a kernel x family grid of the cells whose entries name their unexpected outcomes, failures (regressions and fallbacks first) with why and
/// expected/observed, per kernel the check groups that are expected unsupported and why (regressions, fallbacks and unexplained
/// unsupported first), infrastructure errors, skipped cells, conflicting duplicates and the baseline comparison by class.
/// Truncated below GitHub's 1 MiB limit.
/// </summary>
internal static class MarkdownReport
{
    /// <summary>GitHub rejects step summaries above 1 MiB; stay well below.</summary>
    public const int MaxBytes = 1_000_000;

    /// <summary>Changes listed per baseline class; report.json lists them all.</summary>
    public const int ListedPerClass = 20;

    public static string Render(ReportDocument report, int maxBytes = MaxBytes)
    {
        var md = new StringBuilder();
        var s = report.Summary;
        md.Append("# MPTCP socket API matrix\n\n");
        md.Append($"**Cells:** {s.DescribeCells()}.\n\n**Checks:** {s.Checks.Describe()}.\n");
        if (report.OnDuplicate == DuplicatePolicy.Latest || report.Duplicates.Count > 0)
            md.Append($"\n**Duplicate cell ids:** `--on-duplicate {CellMerger.PolicyName(report.OnDuplicate)}`; {report.Duplicates.Count} with conflicting results (see below).\n");
        if (report.Baseline is { } baseline) md.Append($"\n**Baseline:** {baseline.Counts}; {Escape(baseline.Verdict())}.\n");

        AppendRegressions(md, report);
        foreach (var variant in CompatibilityGrid.Variants(report)) AppendGrid(md, CompatibilityGrid.Of(report, variant));

        var families = report.Cells.Select(c => c.Cell.Family).Distinct().Order(StringComparer.Ordinal).ToList();
        md.Append("\n## Cells: kernel x family\n\n");
        md.Append("| Kernel | Release | ").Append(string.Join(" | ", families)).Append(" |\n");
        md.Append("|---|---|").Append(string.Concat(families.Select(_ => "---|"))).Append('\n');
        foreach (var kernel in report.CellsByKernel())
        {
            var first = kernel.First();
            var releases = string.Join(", ", kernel.Select(CheckRows.Release).Where(r => r.Length > 0).Distinct());
            md.Append($"| {Escape(CheckRows.KernelLabel(first))} | {Escape(releases)} |");
            foreach (var family in families)
            {
                var cells = kernel.Where(c => c.Cell.Family == family).Select(c => $"{Icon(c.Status)} {Escape(CheckRows.Column(c))}{Notes(c)}");
                md.Append(' ').Append(string.Join("<br>", cells)).Append(" |");
            }

            md.Append('\n');
        }

        md.Append("\n✅ pass · ❌ fail · ➖ unsupported · ⛔ untestable · ⚠️ infra-error · ⏭️ skipped; checks: ");
        md.Append(string.Join(" · ", new[] { CheckKind.Regression, CheckKind.FellBack, CheckKind.ExpectedUnsupported, CheckKind.MptcpOff, CheckKind.UnknownVersion,
            CheckKind.UnexplainedUnsupported, CheckKind.EarlierThanUpstream }.Select(k => $"{CheckKinds.Mark(k)} {CheckKinds.Label(k)}"))).Append('\n');

        var failed = report.Cells.Where(c => c.Status == CellStatus.Fail || CheckRows.Checks(c).Any(x => x.Check.Outcome == CheckOutcome.Fail)).ToList();
        if (failed.Count > 0)
        {
            md.Append("\n## Failures\n");
            foreach (var cell in failed)
            {
                var upstream = CheckRows.Upstream(cell);
                md.Append($"\n### {Escape(cell.Cell.Id)}\n\n");
                md.Append($"Kernel {Escape(CheckRows.KernelLabel(cell))} {Escape(CheckRows.Release(cell))}{(upstream is null ? "" : $" (upstream {Escape(upstream)})")}, {cell.Cell.Family}, backend {cell.Cell.Backend}, variant {Escape(cell.Cell.Variant)}.\n\n");
                if (cell.Reason is { Length: > 0 } why) md.Append($"Why: {Escape(why)}\n\n");
                md.Append("| Check | Kind | Why | Expected | Observed | Errno |\n|---|---|---|---|---|---|\n");
                foreach (var (family, check) in CheckRows.Checks(cell).Where(x => x.Check.Outcome == CheckOutcome.Fail).OrderBy(x => KernelNotes.Rank(CheckKinds.Of(x.Check))))
                {
                    var kind = CheckKinds.Of(check);
                    md.Append($"| `{family}.{Escape(check.Id)}` | {CheckKinds.Mark(kind)} {CheckKinds.Label(kind)} | {Escape(CheckKinds.Explain(check, upstream))} | {Escape(check.Expected)} | {Escape(check.Observed)} | {Escape(check.Errno)} |\n");
                }
            }
        }

        AppendKernelNotes(md, report);
        AppendReasons(md, report, CellStatus.InfraError, "Infrastructure errors");
        AppendReasons(md, report, CellStatus.Untestable, "Untestable");
        AppendReasons(md, report, CellStatus.Skipped, "Skipped");
        AppendDuplicates(md, report);
        if (report.Baseline is { } b) AppendBaseline(md, b);
        return Truncate(md.ToString(), maxBytes);
    }

    private static void AppendRegressions(StringBuilder md, ReportDocument report)
    {
        var regressions = report.Cells.SelectMany(c => CheckRows.Checks(c).Select(x => (Cell: c, x.Check)))
            .Where(x => CheckKinds.Of(x.Check) == CheckKind.Regression).ToList();
        var vsBaseline = report.Baseline?.Changes.Where(c => c.Class == ChangeClass.Regression).ToList() ?? [];
        if (regressions.Count == 0 && vsBaseline.Count == 0) return;
        md.Append("\n## 🔻 Regressions\n\n");
        if (vsBaseline.Count > 0)
        {
            md.Append($"**Against the baseline:** {vsBaseline.Count} check(s) got worse");
            md.Append(": ").Append(string.Join(", ", vsBaseline.GroupBy(c => (c.CellId, Group: CheckRows.Group(c.CheckId))).Take(ListedPerClass)
                .Select(g => $"{Escape(g.Key.CellId)} `{Escape(g.Key.Group)}` ({g.Count()})"))).Append(".\n\n");
        }

        foreach (var group in regressions.GroupBy(r => (r.Cell.Cell.Kernel, Group: CheckRows.Group(r.Check.Id))).Take(ListedPerClass))
        {
            var first = group.First();
            md.Append($"- **{Escape(group.Key.Kernel)}** `{Escape(group.Key.Group)}`: {group.Count()} check(s) — {Escape(CheckKinds.Explain(first.Check, CheckRows.Upstream(first.Cell)))}\n");
        }
    }

    /// <summary>Rows: check groups (attention first), with since and works-from; columns: kernels in upstream version order.</summary>
    private static void AppendGrid(StringBuilder md, CompatibilityGrid grid)
    {
        if (grid.Columns.Count == 0) return;
        md.Append($"\n## Features x kernels (variant `{Escape(grid.Variant)}`)\n\n");
        md.Append("| Feature group | Since | Works from | ").Append(string.Join(" | ", grid.Columns.Select(c => $"{Escape(c.Label)} ({Escape(c.Upstream ?? "?")})"))).Append(" |\n");
        md.Append("|---|---|---|").Append(string.Concat(grid.Columns.Select(_ => "---|"))).Append('\n');
        foreach (var group in grid.Groups)
        {
            var row = group.Summary;
            md.Append($"| `{Escape(group.Name)}` ({group.Checks.Count}) | {Escape(row.Since)} | {Escape(row.WorksFrom?.Label ?? "—")}{(row.WorksBeforeRelease ? (row.Backports is { } b ? $" (backport: {Escape(b)})" : " (backport)") : "")} |");
            foreach (var entry in row.Entries)
            {
                md.Append(' ').Append(GridMarks.Emoji(entry.Mark));
                if (entry.Mixed) md.Append(' ').Append(string.Join(" ", entry.Counts().Select(p => $"{GridMarks.Emoji(p.Mark)}{p.Count}")));
                md.Append(" |");
            }

            md.Append('\n');
        }

        md.Append('\n').Append(string.Join(" · ", GridMarks.All.Select(m => $"{GridMarks.Emoji(m)} {GridMarks.Label(m)}"))).Append('\n');
    }

    /// <summary>The grid entry's notes: <c> — unexpected: 1 unexplained unsupported</c> for a pass cell, the kinds of a failing one.</summary>
    private static string Notes(CellResult cell) => CellSummary.Of(cell).Unexpected is { } notes
        ? cell.Status == CellStatus.Pass ? $" — unexpected: {notes}" : $" — {notes}"
        : "";

    private static void AppendKernelNotes(StringBuilder md, ReportDocument report)
    {
        var kernels = report.CellsByKernel().Select(k => (Kernel: k, Notes: KernelNotes.Of(k))).Where(k => k.Notes.Count > 0).ToList();
        if (kernels.Count == 0) return;
        md.Append("\n## Per kernel: why checks did not simply pass\n");
        foreach (var (kernel, notes) in kernels)
        {
            var first = kernel.First();
            var upstream = kernel.Select(CheckRows.Upstream).FirstOrDefault(u => u is not null);
            md.Append($"\n### {Escape(CheckRows.KernelLabel(first))}\n\n");
            md.Append($"Release {Escape(string.Join(", ", kernel.Select(CheckRows.Release).Where(r => r.Length > 0).Distinct()))}, " +
                (upstream is null ? "upstream version unknown" : $"upstream {Escape(upstream)}") + ".\n\n");
            foreach (var note in notes)
            {
                var groups = string.Join(", ", note.Groups.Select(g => $"`{Escape(g)}`"));
                var label = note.Label == note.Groups[0] && note.Groups.Count == 1 ? groups : $"`{Escape(note.Label)}` ({groups})";
                var where = string.Join(", ", note.Columns.Take(5)) + (note.Columns.Count > 5 ? $" +{note.Columns.Count - 5} more" : "");
                md.Append($"- {CheckKinds.Mark(note.Kind)} **{CheckKinds.Label(note.Kind)}** {label}: {Escape(note.Why)} — {note.Checks} check(s) in {Escape(where)}\n");
            }
        }
    }

    private static void AppendReasons(StringBuilder md, ReportDocument report, CellStatus status, string title)
    {
        var cells = report.Cells.Where(c => c.Status == status).ToList();
        if (cells.Count == 0) return;
        md.Append($"\n## {title}\n\n");
        foreach (var group in cells.GroupBy(c => c.Reason ?? ""))
        {
            var ids = group.Select(c => c.Cell.Id).ToList();
            md.Append($"- {Escape(group.Key.Length == 0 ? "(no reason given)" : group.Key)}: {ids.Count} cell(s): {Escape(string.Join(", ", ids.Take(20)))}{(ids.Count > 20 ? ", ..." : "")}\n");
        }
    }

    private static void AppendDuplicates(StringBuilder md, ReportDocument report)
    {
        if (report.Duplicates.Count == 0) return;
        md.Append($"\n## Duplicate cell ids (`--on-duplicate {CellMerger.PolicyName(report.OnDuplicate)}`)\n\n");
        md.Append("| Cell | Kept | File | Verdict | Ended |\n|---|---|---|---|---|\n");
        foreach (var duplicate in report.Duplicates)
        {
            foreach (var input in duplicate.Inputs)
                md.Append($"| {Escape(duplicate.CellId)} | {(input.Kept ? "kept" : "dropped")} | {Escape(input.File)} | {Escape(input.Verdict)} | {CellMerger.Time(input.EndedAt)} |\n");
        }
    }

    private static void AppendBaseline(StringBuilder md, BaselineComparison b)
    {
        md.Append("\n## Compared with the baseline\n\n");
        md.Append($"Baseline `{Escape(b.Baseline)}`: {Escape(b.Verdict())}.\n\n");
        md.Append("| Change | Checks |\n|---|---|\n");
        foreach (var change in ChangeClasses.All) md.Append($"| {ChangeClasses.Name(change)}{(b.FailOn.Contains(change) ? " (fails the run)" : "")} | {b.Counts[change]} |\n");
        foreach (var change in ChangeClasses.All)
        {
            var listed = b.Changes.Where(c => c.Class == change).Take(ListedPerClass).ToList();
            if (listed.Count == 0) continue;
            md.Append($"\n### {ChangeClasses.Name(change)} ({b.Counts[change]})\n\n| Cell | Check | Before | After |\n|---|---|---|---|\n");
            foreach (var c in listed)
                md.Append($"| {Escape(c.CellId)} | `{c.Family}.{Escape(c.CheckId)}` | {CheckState.Describe(c.Before)} | {CheckState.Describe(c.After)} |\n");
            if (b.Counts[change] > ListedPerClass) md.Append($"\n+{b.Counts[change] - ListedPerClass} more (report.json lists every change)\n");
        }
    }

    /// <summary>Cuts at a line boundary so the UTF-8 size stays below <paramref name="maxBytes"/>, with a note saying so.</summary>
    public static string Truncate(string markdown, int maxBytes)
    {
        if (Encoding.UTF8.GetByteCount(markdown) <= maxBytes) return markdown;
        const string Note = "\n\n**Truncated:** this summary exceeded GitHub's 1 MiB step-summary limit; the full results are in report.json / report.html.\n";
        var budget = maxBytes - Encoding.UTF8.GetByteCount(Note);
        var used = 0;
        var cut = 0;
        foreach (var line in markdown.Split('\n'))
        {
            var size = Encoding.UTF8.GetByteCount(line) + 1;
            if (used + size > budget) break;
            used += size;
            cut += line.Length + 1;
        }

        return markdown[..Math.Min(cut, markdown.Length)] + Note;
    }

    public static string Icon(CellStatus status) => status switch
    {
        CellStatus.Pass => "✅",
        CellStatus.Fail => "❌",
        CellStatus.Unsupported => "➖",
        CellStatus.Untestable => "⛔",
        CellStatus.InfraError => "⚠️",
        _ => "⏭️",
    };

    private static string Escape(string? text) =>
        text is null ? "" : text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal);
}
