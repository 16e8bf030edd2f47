using MptcpMatrix.Contracts;
using MptcpMatrix.Orchestrator.Cells;

namespace MptcpMatrix.Orchestrator.Reporting;

/// <summary>
/// GitHub Actions workflow commands (<c>::error title=…::message</c>) for the failing checks, the cells that failed without a
/// failing check, and the regressions against the baseline: under <c>GITHUB_ACTIONS=true</c> they show on the run's page.
/// At most <see cref="Limit"/> are written (GitHub shows only the first few per step), then one line saying how many more.
/// </summary>
internal static class GithubAnnotations
{
    public const int Limit = 50;

    public static bool InGithubActions => Infrastructure.RunEnvironment.InGithubActions;

    /// <summary>The annotations, regressions first; empty when nothing failed.</summary>
    public static IReadOnlyList<string> Of(ReportDocument report)
    {
        var lines = new List<(int Rank, string Line)>();
        foreach (var cell in report.Cells)
        {
            var upstream = CheckRows.Upstream(cell);
            var failing = CheckRows.Checks(cell).Where(x => x.Check.Outcome is CheckOutcome.Fail or CheckOutcome.Error).ToList();
            foreach (var (family, check) in failing)
            {
                var kind = CheckKinds.Of(check);
                var why = (kind is CheckKind.Fail or CheckKind.Error ? check.Reason : CheckKinds.Explain(check, upstream)) ?? "";
                var message = $"{CheckKinds.Label(kind)}: expected {check.Expected ?? "-"}, observed {check.Observed ?? "-"}" +
                    (check.Errno is null ? "" : $" ({check.Errno})") + (why.Length == 0 ? "" : $" - {why}");
                lines.Add((KernelNotes.Rank(kind), Error($"{cell.Cell.Id} {family}.{check.Id}", message)));
            }

            if (failing.Count == 0 && cell.Status == CellStatus.Fail)
                lines.Add((2, Error(cell.Cell.Id, $"cell failed: {cell.Reason ?? "no reason recorded"}")));
        }

        if (report.Baseline is { } baseline)
        {
            foreach (var change in baseline.Changes.Where(c => c.Class == ChangeClass.Regression))
                lines.Add((0, Error($"regression vs baseline: {change.CellId} {change.Family}.{change.CheckId}",
                    $"{CheckState.Describe(change.Before)} -> {CheckState.Describe(change.After)} (baseline {baseline.Baseline})")));
        }

        var ordered = lines.OrderBy(l => l.Rank).Select(l => l.Line).ToList();
        if (ordered.Count <= Limit) return ordered;
        return [.. ordered.Take(Limit), Error("more failures", $"{ordered.Count - Limit} more failing checks or regressions: see summary.md and report.html")];
    }

    /// <summary>Writes <see cref="Of"/> when <paramref name="enabled"/> (default: <see cref="InGithubActions"/>).</summary>
    public static void Write(ReportDocument report, TextWriter output, bool? enabled = null)
    {
        if (!(enabled ?? InGithubActions)) return;
        foreach (var line in Of(report)) output.WriteLine(line);
    }

    public static string Error(string title, string message) => $"::error title={Property(title)}::{Data(message)}";

    /// <summary>Message escaping of workflow commands: <c>%</c>, CR and LF.</summary>
    public static string Data(string text) =>
        text.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);

    /// <summary>Property escaping: as <see cref="Data"/>, plus <c>:</c> and <c>,</c>.</summary>
    public static string Property(string text) =>
        Data(text).Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);
}
