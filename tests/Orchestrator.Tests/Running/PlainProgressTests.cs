using MptcpMatrix.Contracts;
using MptcpMatrix.Orchestrator.Backends;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Running;
using MptcpMatrix.Orchestrator.Tests.Support;

namespace MptcpMatrix.Orchestrator.Tests.Running;

public sealed class PlainProgressTests
{
    private static readonly CellResult Failed = Reports.Cell(Reports.Spec("bookworm", "ipv6", "vm", "default"), CellStatus.Fail, Reports.Agent(CheckOutcome.Fail, "ipv6"), "2 check(s) failed");

    [Fact]
    public async Task In_github_actions_each_finished_cell_is_folded_into_a_group_with_its_failed_checks()
    {
        var output = new StringWriter();
        var progress = new PlainProgress(output, githubGroups: true);
        await progress.RunAsync([Failed.Cell], () =>
        {
            progress.Finished(Failed);
            return Task.CompletedTask;
        });
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^\d\d:\d\d:\d\d 1 cell\(s\) to run$", lines[0]);
        Assert.Matches(@"^::group::\d\d:\d\d:\d\d vm-bookworm-ipv6-default: fail in 7\.\d s \[1/1\] - 2 check\(s\) failed$", lines[1]);
        Assert.Contains("ipv6 client.initial.tcpinfo.size_user: fail expected 8 observed 0", lines[2]);
        Assert.Equal("::endgroup::", lines[^1]);
    }

    [Fact]
    public void A_pass_with_unexpected_outcomes_says_so_on_its_line_and_a_plain_pass_does_not()
    {
        var output = new StringWriter();
        var progress = new PlainProgress(output, githubGroups: false);
        var plain = Reports.Cell(Reports.Spec("bookworm", "ipv4", "vm", "default"), CellStatus.Pass, Reports.Agent(CheckOutcome.Pass)); // FULL_INFO expected unsupported
        var odd = Reports.WithCheck(plain, "client.initial.full_info.call", c => c with { Expectation = null }) with { Cell = Reports.Spec("sid", "ipv4", "vm", "default") };

        progress.Finished(plain);
        progress.Finished(odd);

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"vm-bookworm-ipv4-default: pass in 7\.\d s", lines[0]);
        Assert.Matches(@"vm-sid-ipv4-default: pass \(unexpected: 1 unexplained unsupported\) in 7\.\d s", lines[1]);
    }

    [Fact]
    public void A_stage_announced_twice_is_printed_once_and_multi_line_reasons_stay_on_one_line()
    {
        var output = new StringWriter();
        var progress = new PlainProgress(output, githubGroups: false);
        progress.Stage("c1", CellStage.Booting);
        progress.Stage("c1", CellStage.Booting);
        progress.Stage("c1", CellStage.Running);
        var panic = Reports.Cell(Reports.Spec("sid", "ipv4", "vm", "default"), CellStatus.InfraError, null, "kernel panic: Attempted to kill init!\n[ 1.98] CR2: ffff\n[ 1.99] Kernel Offset");
        progress.Finished(panic);
        var text = output.ToString();
        Assert.Single(text.Split('\n'), l => l.EndsWith("c1: booting", StringComparison.Ordinal));
        Assert.Contains("c1: running", text);
        Assert.Contains("infra-error in 7.3 s [1/0] - kernel panic: Attempted to kill init! (...)", text.Replace(",", ".", StringComparison.Ordinal));
        Assert.DoesNotContain("CR2", text);
    }

    [Fact]
    public void A_cell_shorter_than_a_second_prints_milliseconds_not_zero_seconds()
    {
        var output = new StringWriter();
        var progress = new PlainProgress(output, githubGroups: false);
        var quick = Reports.Cell(Reports.Spec("host", "ipv4", "host", "default", KernelSource.Host), CellStatus.Pass, Reports.Agent(CheckOutcome.Pass));
        progress.Finished(quick with { EndedAt = quick.StartedAt.AddMilliseconds(45.4) });
        Assert.Contains("host-host-ipv4-default: pass in 45 ms [1/0]", output.ToString());
        Assert.DoesNotContain("0.0 s", output.ToString());
    }

    [Theory]
    [InlineData(0, "0 ms")]
    [InlineData(45.4, "45 ms")]
    [InlineData(999.4, "999 ms")]
    [InlineData(1000, "1.0 s")]
    [InlineData(7250, "7.3 s")]
    public void Durations_are_milliseconds_below_one_second_and_seconds_above(double ms, string expected) =>
        Assert.Equal(expected, Durations.Format(TimeSpan.FromMilliseconds(ms)));

    [Fact]
    public void A_retry_prints_its_number_and_reason_and_the_retrys_stages_are_printed_again()
    {
        var output = new StringWriter();
        var progress = new PlainProgress(output, githubGroups: false);
        progress.Stage("c1", CellStage.Preparing);
        progress.Retrying("c1", 1, "timed out after 60 s\nconsole tail");
        progress.Stage("c1", CellStage.Preparing);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[9..]).ToList();
        Assert.Equal(["c1: preparing", "c1: retry 1: timed out after 60 s (...)", "c1: preparing"], lines);
    }
}
