using System.Text.Json;
using MptcpMatrix.Contracts;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Infrastructure;
using MptcpMatrix.Orchestrator.Reporting;
using MptcpMatrix.Orchestrator.Tests.Support;

namespace MptcpMatrix.Orchestrator.Tests.Reporting;

/// <summary>
/// Every format of one report holding every check kind (regression, fell back, expected unsupported with since/commit, MPTCP
/// off, unknown version, unexplained unsupported, earlier than upstream), every baseline change class and a duplicate resolved by
/// <c>--on-duplicate latest</c>.
/// </summary>
public sealed class ReportSnapshotTests
{
    private static ReportDocument Sample()
    {
        var cells = Reports.Sample();
        var sid = cells.Single(c => c.Cell.Id == "vm-sid-ipv4-default");
        var earlierSid = Reports.Cell(sid.Cell, CellStatus.Pass, Reports.Agent(CheckOutcome.Pass, release: "6.16.3+deb14-cloud-amd64", upstream: "6.16.3"), minutes: -60);
        IReadOnlyList<(string, CellResult)> inputs =
        [
            .. cells.Select(c => ($"/results/run/cells/{c.Cell.Id}.json", c)),
            ("/results/yesterday/cells/vm-sid-ipv4-default.json", earlierSid),
        ];
        var (merged, duplicates) = CellMerger.Merge(inputs, DuplicatePolicy.Latest);
        var baseline = BaselineComparer.Compare(merged, Reports.SampleBaseline(), "/results/baseline/report.json", ChangeClasses.DefaultFailOn);
        return ReportDocument.Create(Reports.T0, ["/results/run", "/results/yesterday"], merged, baseline,
            ["host", "bookworm", "trixie"], DuplicatePolicy.Latest, duplicates); // matrix.yml's order, as run.json records it
    }

    [Fact]
    public void The_sample_holds_every_check_kind_and_every_change_class()
    {
        var report = Sample();
        var kinds = report.Cells.SelectMany(CheckRows.Checks).Select(c => CheckKinds.Of(c.Check)).ToHashSet();
        Assert.Equal(Enum.GetValues<CheckKind>().Where(k => k != CheckKind.Error), kinds.Order());
        Assert.All(ChangeClasses.All, c => Assert.True(report.Baseline!.Counts[c] > 0, $"no {c} in the sample"));
        Assert.Single(report.Duplicates);
    }

    [Fact]
    public void The_report_json_matches_its_snapshot() =>
        Snapshot.Verify("report", "json", JsonSerializer.Serialize(Sample(), OrchestratorJson.Default.ReportDocument) + "\n");

    [Fact]
    public void The_junit_report_matches_its_snapshot() => Snapshot.Verify("report", "junit.xml", JunitReport.Render(Sample()));

    [Fact]
    public void The_markdown_summary_matches_its_snapshot() => Snapshot.Verify("report", "summary.md", MarkdownReport.Render(Sample()));

    [Fact]
    public void The_ktap_report_matches_its_snapshot() => Snapshot.Verify("report", "ktap", KtapReport.Render(Sample()));

    [Fact]
    public void The_html_report_matches_its_snapshot() => Snapshot.Verify("report", "html", HtmlReport.Render(Sample()));
}
