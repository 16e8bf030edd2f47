using System.Text;
using MptcpMatrix.Contracts;
using MptcpMatrix.Orchestrator.Cells;

namespace MptcpMatrix.Orchestrator.Reporting;

/// <summary>
/// The summary for <c>$GITHUB_STEP_SUMMARY</c>: totals, a kernel x family grid, then failures with expected/observed,
/// infrastructure errors, skipped cells and the baseline comparison. Truncated below GitHub's 1 MiB limit.
/// </summary>
public static class MarkdownReport
{
    /// <summary>GitHub rejects step summaries above 1 MiB; stay well below.</summary>
    public const int MaxBytes = 1_000_000;

    public static string Render(ReportDocument report, int maxBytes = MaxBytes)
    {
        var md = new StringBuilder();
        var s = report.Summary;
        md.Append("# MPTCP socket API matrix\n\n");
        md.Append($"**{s.Cells} cells:** {s.Pass} pass, {s.Fail} fail, {s.Unsupported} unsupported, {s.Untestable} untestable, {s.InfraError} infra-error, {s.Skipped} skipped. ");
        md.Append($"**{s.Checks} checks:** {s.ChecksPassed} pass, {s.ChecksFailed} fail, {s.ChecksUnsupported} unsupported, {s.ChecksError} error.\n\n");

        var families = report.Cells.Select(c => c.Cell.Family).Distinct().Order(StringComparer.Ordinal).ToList();
        md.Append("## Kernel x family\n\n");
        md.Append("| Kernel | Release | ").Append(string.Join(" | ", families)).Append(" |\n");
        md.Append("|---|---|").Append(string.Concat(families.Select(_ => "---|"))).Append('\n');
        foreach (var kernel in report.CellsByKernel())
        {
            var first = kernel.First();
            var releases = string.Join(", ", kernel.Select(CheckRows.Release).Where(r => r.Length > 0).Distinct());
            md.Append($"| {Escape(CheckRows.KernelLabel(first))} | {Escape(releases)} |");
            foreach (var family in families)
            {
                var cells = kernel.Where(c => c.Cell.Family == family).Select(c => $"{Icon(c.Status)} {Escape(CheckRows.Column(c))}");
                md.Append(' ').Append(string.Join("<br>", cells)).Append(" |");
            }

            md.Append('\n');
        }

        md.Append("\n✅ pass · ❌ fail · ➖ unsupported · ⛔ untestable · ⚠️ infra-error · ⏭️ skipped\n");

        var failed = report.Cells.Where(c => c.Status == CellStatus.Fail || CheckRows.Checks(c).Any(x => x.Check.Outcome == CheckOutcome.Fail)).ToList();
        if (failed.Count > 0)
        {
            md.Append("\n## Failures\n");
            foreach (var cell in failed)
            {
                md.Append($"\n### {Escape(cell.Cell.Id)}\n\n");
                md.Append($"Kernel {Escape(CheckRows.KernelLabel(cell))} {Escape(CheckRows.Release(cell))}, {cell.Cell.Family}, backend {cell.Cell.Backend}, variant {Escape(cell.Cell.Variant)}.\n\n");
                md.Append("| Check | Expected | Observed | Errno |\n|---|---|---|---|\n");
                foreach (var (family, check) in CheckRows.Checks(cell).Where(x => x.Check.Outcome == CheckOutcome.Fail))
                    md.Append($"| `{family}.{Escape(check.Id)}` | {Escape(check.Expected)} | {Escape(check.Observed)} | {Escape(check.Errno)} |\n");
            }
        }

        AppendReasons(md, report, CellStatus.InfraError, "Infrastructure errors");
        AppendReasons(md, report, CellStatus.Untestable, "Untestable");
        AppendReasons(md, report, CellStatus.Skipped, "Skipped");

        if (report.Baseline is { } b)
        {
            md.Append($"\n## Compared with the baseline\n\n{b.Regressions} regression(s), {b.Fixed} fixed, {b.StillFailing} still failing, {b.NewPass} new pass.\n");
            var shown = b.Changes.Where(c => c.Change != "new-pass").ToList();
            if (shown.Count > 0)
            {
                md.Append("\n| Change | Cell | Check |\n|---|---|---|\n");
                foreach (var c in shown.OrderBy(c => c.Change switch { "regression" => 0, "still-failing" => 1, _ => 2 }))
                    md.Append($"| {c.Change} | {Escape(c.CellId)} | `{c.Family}.{Escape(c.CheckId)}` |\n");
            }
        }

        return Truncate(md.ToString(), maxBytes);
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
