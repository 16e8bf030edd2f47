using MptcpMatrix.Orchestrator.Reporting;
using MptcpMatrix.Orchestrator.Tests.Support;

namespace MptcpMatrix.Orchestrator.Tests.Reporting;

/// <summary><c>::error</c> workflow commands for failing checks and baseline regressions, written only under GitHub Actions.</summary>
public sealed class GithubAnnotationsTests
{
    private static ReportDocument Sample() =>
        ReportDocument.Create(Reports.T0, [], Reports.Sample(), BaselineComparer.Compare(Reports.Sample(), Reports.SampleBaseline(), "/b/report.json", ChangeClasses.DefaultFailOn));

    [Fact]
    public void Failing_checks_and_baseline_regressions_become_error_annotations_regressions_first()
    {
        var lines = GithubAnnotations.Of(Sample());
        Assert.All(lines, l => Assert.StartsWith("::error title=", l, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("vm-sid-ipv4-default ipv4.client.initial.full_info.call::regression%3A", StringComparison.Ordinal) ||
            l.Contains("vm-sid-ipv4-default ipv4.client.initial.full_info.call::regression: expected 0", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("::error title=regression vs baseline%3A vm-sid-ipv4-default", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("vm-bookworm-ipv6-default ipv6.server.ip_tos.roundtrip::fail: expected 0x28, observed 0x00", StringComparison.Ordinal));
        Assert.Contains("regression", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Titles_and_messages_are_escaped_as_workflow_commands_require()
    {
        Assert.Equal("::error title=a%3Ab%2Cc::50%25 done%0Anext", GithubAnnotations.Error("a:b,c", "50% done\nnext"));
    }

    [Fact]
    public void Nothing_is_written_outside_github_actions_and_a_passing_run_writes_nothing()
    {
        using var output = new StringWriter();
        GithubAnnotations.Write(Sample(), output, enabled: false);
        Assert.Empty(output.ToString());
        var passing = ReportDocument.Create(Reports.T0, [], [Reports.Sample()[0]]);
        Assert.Empty(GithubAnnotations.Of(passing));
    }

    [Fact]
    public void Many_failures_are_capped_with_a_line_saying_how_many_more()
    {
        var cell = Reports.Sample()[1]; // two failing checks
        var cells = Enumerable.Range(0, 40).Select(i => cell with { Cell = cell.Cell with { Id = $"{cell.Cell.Id}-{i}" } }).ToList();
        var lines = GithubAnnotations.Of(ReportDocument.Create(Reports.T0, [], cells));
        Assert.Equal(GithubAnnotations.Limit + 1, lines.Count);
        Assert.Contains("30 more", lines[^1], StringComparison.Ordinal);
    }
}
