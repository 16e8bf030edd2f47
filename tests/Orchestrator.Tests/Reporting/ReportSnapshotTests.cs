using MptcpMatrix.Orchestrator.Reporting;
using MptcpMatrix.Orchestrator.Tests.Support;

namespace MptcpMatrix.Orchestrator.Tests.Reporting;

public sealed class ReportSnapshotTests
{
    private static ReportDocument Sample()
    {
        var cells = Reports.Sample();
        return new ReportDocument(ReportDocument.CurrentSchemaVersion, Reports.T0, ["/results/run"], ReportBuilder.Summarize(cells), cells, null,
            ["host", "bookworm", "trixie"]); // matrix.yml's order, as run.json records it
    }

    [Fact]
    public void The_junit_report_matches_its_snapshot() => Snapshot.Verify("report", "junit.xml", JunitReport.Render(Sample()));

    [Fact]
    public void The_markdown_summary_matches_its_snapshot() => Snapshot.Verify("report", "summary.md", MarkdownReport.Render(Sample()));

    [Fact]
    public void The_ktap_report_matches_its_snapshot() => Snapshot.Verify("report", "ktap", KtapReport.Render(Sample()));

    [Fact]
    public void The_html_report_matches_its_snapshot() => Snapshot.Verify("report", "html", HtmlReport.Render(Sample()));
}
