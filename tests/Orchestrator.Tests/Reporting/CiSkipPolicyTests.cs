using MptcpMatrix.Contracts;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Commands;
using MptcpMatrix.Orchestrator.Running;
using MptcpMatrix.Orchestrator.Tests.Support;

namespace MptcpMatrix.Orchestrator.Tests.Reporting;

public sealed class CiSkipPolicyTests : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    private string Write(params CellResult[] cells)
    {
        var outDir = dir.Sub("run");
        foreach (var cell in cells) ResultStore.WriteCell(outDir, cell);
        return outDir;
    }

    private static CellResult Pass(string kernel) =>
        Reports.Cell(Reports.Spec(kernel, "ipv4", "vm", "default"), CellStatus.Pass, Reports.Agent(CheckOutcome.Pass));

    private static CellResult Skipped(string kernel, string reason = "vm backend unavailable: qemu-system-x86_64 not found (fix: apt-get install qemu-system-x86)") =>
        Reports.Cell(Reports.Spec(kernel, "ipv4", "vm", "default"), CellStatus.Skipped, null, reason);

    [Fact]
    public void In_CI_a_skipped_cell_makes_report_exit_3_and_say_why()
    {
        var outDir = Write(Pass("bookworm"), Skipped("trixie"), Skipped("sid"));
        var stderr = new StringWriter();

        var exit = ReportCommand.Run(new ReportOptions([outDir]) { Ci = true }, TextWriter.Null, stderr, Reports.T0);

        Assert.Equal(ExitCodes.InfraOnly, exit);
        Assert.Contains("2 cell(s) skipped in CI: vm backend unavailable: qemu-system-x86_64 not found (fix: apt-get install qemu-system-x86) " +
            "(vm-sid-ipv4-default, vm-trixie-ipv4-default)", stderr.ToString());
    }

    [Fact]
    public void Locally_a_skipped_cell_does_not_change_the_exit_code()
    {
        var outDir = Write(Pass("bookworm"), Skipped("trixie"));
        var stderr = new StringWriter();

        Assert.Equal(ExitCodes.Ok, ReportCommand.Run(new ReportOptions([outDir]) { Ci = false }, TextWriter.Null, stderr, Reports.T0));
        Assert.DoesNotContain("skipped in CI", stderr.ToString());
    }

    [Fact]
    public void In_CI_a_failed_check_still_exits_1_and_the_skips_are_still_named()
    {
        var fail = Reports.Cell(Reports.Spec("bookworm", "ipv4", "vm", "default"), CellStatus.Fail, Reports.Agent(CheckOutcome.Fail), "2 check(s) failed");
        var outDir = Write(fail, Skipped("trixie", "no qemu"));
        var stderr = new StringWriter();

        Assert.Equal(ExitCodes.ChecksFailed, ReportCommand.Run(new ReportOptions([outDir]) { Ci = true }, TextWriter.Null, stderr, Reports.T0));
        Assert.Contains("1 cell(s) skipped in CI: no qemu (vm-trixie-ipv4-default)", stderr.ToString());
    }

    [Fact]
    public void In_CI_a_run_without_skipped_cells_is_unchanged()
    {
        var outDir = Write(Pass("bookworm"));
        Assert.Equal(ExitCodes.Ok, ReportCommand.Run(new ReportOptions([outDir]) { Ci = true }, TextWriter.Null, TextWriter.Null, Reports.T0));
    }

    [Fact]
    public void Many_cells_with_one_reason_are_listed_briefly()
    {
        var why = CiSkipPolicy.Explain([Skipped("a"), Skipped("b"), Skipped("c"), Skipped("d", "other"), Skipped("e")]);
        Assert.Equal("5 cell(s) skipped in CI: vm backend unavailable: qemu-system-x86_64 not found (fix: apt-get install qemu-system-x86) " +
            "(vm-a-ipv4-default, vm-b-ipv4-default, vm-c-ipv4-default and 1 more); other (vm-d-ipv4-default)", why);
    }

    [Fact]
    public async Task The_matrix_report_process_reads_CI_from_its_environment()
    {
        var outDir = Write(Pass("bookworm"), Skipped("trixie", "no qemu"));

        var (exit, _, stderr) = await MatrixCli.RunAsync(dir.Path, null, "report", outDir); // MatrixCli runs with CI=true

        Assert.Equal(ExitCodes.InfraOnly, exit);
        Assert.Contains("1 cell(s) skipped in CI: no qemu (vm-trixie-ipv4-default)", stderr);
    }
}
