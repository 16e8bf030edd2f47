using System.Text;
using System.Text.RegularExpressions;
using MptcpMatrix.Orchestrator.Reporting;
using MptcpMatrix.Orchestrator.Tests.Support;
using MptcpMatrix.TestSupport;

namespace MptcpMatrix.Orchestrator.Tests.Reporting;

/// <summary>report.html is one self-contained page, and summary.md stays under GitHub's 1 MiB for a huge matrix.</summary>
public sealed partial class HtmlReportTests
{
    [GeneratedRegex("""(?:src|href)\s*=\s*["'](?:https?:)?//""", RegexOptions.IgnoreCase)]
    private static partial Regex External();

    [GeneratedRegex(@"\b(?:fetch|XMLHttpRequest|import|WebSocket|EventSource)\b\s*\(?")]
    private static partial Regex Fetches();

    [Fact]
    public void The_page_is_self_contained_with_one_inline_script_and_no_network_and_has_a_viewport()
    {
        using var dir = new TempDir();
        RealRun.CopyTo(dir.Path);
        ReportWriter.WriteAll(ReportBuilder.Build([dir.Path], null, Reports.T0), dir.Path);
        var html = File.ReadAllText(Path.Combine(dir.Path, "report.html"));
        Assert.Contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">", html, StringComparison.Ordinal);
        // One inline script (the diff view's picker of two kernels); nothing loaded from anywhere.
        Assert.Single(Regex.Matches(html, "<script", RegexOptions.IgnoreCase));
        Assert.DoesNotMatch(Fetches(), html);
        Assert.Contains("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(External(), html);
        Assert.Contains("@media print", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Log_links_are_relative_and_name_only_logs_that_exist()
    {
        using var dir = new TempDir();
        RealRun.CopyTo(dir.Path);
        var report = ReportBuilder.Build([dir.Path], null, Reports.T0);
        var out1 = dir.Sub("out");
        ReportWriter.WriteAll(report, out1);
        var html = File.ReadAllText(Path.Combine(out1, "report.html"));
        Assert.Contains("<a href=\"../logs/vm-bookworm-ipv4-default/console.log\">console.log</a>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"../logs/vm-sid-ipv4-default/console.log\"", html, StringComparison.Ordinal); // not in the fixture
    }

    [Fact]
    public void The_markdown_summary_of_a_huge_matrix_stays_under_one_mebibyte()
    {
        var sample = Reports.Sample();
        var cells = Enumerable.Range(0, 3000).SelectMany(i => sample.Select(c => c with { Cell = c.Cell with { Id = $"{c.Cell.Id}-{i}", Kernel = $"{c.Cell.Kernel}-{i % 200}" } })).ToList();
        var markdown = MarkdownReport.Render(ReportDocument.Create(Reports.T0, [], cells));
        Assert.True(Encoding.UTF8.GetByteCount(markdown) < 1 << 20, $"{Encoding.UTF8.GetByteCount(markdown)} bytes");
        Assert.Contains("## Features x kernels (variant `default`)", markdown, StringComparison.Ordinal);
    }
}
