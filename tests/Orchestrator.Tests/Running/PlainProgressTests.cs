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
}
