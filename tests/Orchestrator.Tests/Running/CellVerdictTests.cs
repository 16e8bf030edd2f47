using MptcpMatrix.Contracts;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Tests.Support;

namespace MptcpMatrix.Orchestrator.Tests.Running;

/// <summary>A cell's status and its checks always agree: the status is derived from the checks wherever they disagree.</summary>
public sealed class CellVerdictTests
{
    private static readonly CellSpec Spec = Reports.Spec("bookworm", "ipv4", "vm", "default");

    [Theory]
    [InlineData(CheckOutcome.Pass, CellStatus.Pass)]
    [InlineData(CheckOutcome.Fail, CellStatus.Fail)]
    [InlineData(CheckOutcome.Unsupported, CellStatus.Unsupported)]
    [InlineData(CheckOutcome.Error, CellStatus.InfraError)]
    public void The_status_of_a_report_is_the_agents_rule_over_its_checks(CheckOutcome checks, CellStatus expected)
    {
        // The verdict field says the opposite on purpose: only the checks count.
        var report = Reports.Agent(checks) with { Verdict = checks == CheckOutcome.Pass ? CheckOutcome.Fail : CheckOutcome.Pass };

        Assert.Equal(expected, CellVerdict.FromChecks(report));
    }

    [Fact]
    public void A_single_failed_check_among_passes_and_errors_makes_a_fail()
    {
        var report = Reports.Agent(CheckOutcome.Pass);
        var family = report.Families[0] with
        {
            Checks = [.. report.Families[0].Checks, new CheckResult("setup.timeout", CheckOutcome.Error), new CheckResult("echo.payload", CheckOutcome.Fail, "abc", "abd")],
        };

        Assert.Equal(CellStatus.Fail, CellVerdict.FromChecks(report with { Families = [family] }));
    }

    [Fact]
    public void A_report_without_checks_is_not_a_pass()
    {
        var report = Reports.Agent(CheckOutcome.Pass);
        Assert.Equal(CellStatus.Unsupported, CellVerdict.FromChecks(report with { Families = [report.Families[0] with { Checks = [] }] }));
    }

    [Theory]
    [InlineData(CellStatus.Pass, CheckOutcome.Fail, CellStatus.Fail, "2 check(s) failed: ipv4:client.initial.tcpinfo.size_user, ipv4:server.ip_tos.roundtrip (the vm backend reported pass)")]
    [InlineData(CellStatus.Unsupported, CheckOutcome.Fail, CellStatus.Fail, "2 check(s) failed: ipv4:client.initial.tcpinfo.size_user, ipv4:server.ip_tos.roundtrip (the vm backend reported unsupported)")]
    [InlineData(CellStatus.InfraError, CheckOutcome.Fail, CellStatus.Fail, "2 check(s) failed: ipv4:client.initial.tcpinfo.size_user, ipv4:server.ip_tos.roundtrip (the vm backend reported infra-error)")]
    [InlineData(CellStatus.Fail, CheckOutcome.Pass, CellStatus.Pass, "no check failed (the vm backend reported fail)")]
    public void A_result_whose_status_contradicts_its_checks_takes_the_checks_status(CellStatus claimed, CheckOutcome checks, CellStatus expected, string reason)
    {
        var result = CellVerdict.Reconcile(Reports.Cell(Spec, claimed, Reports.Agent(checks), "as the backend said"), "vm");

        Assert.Equal(expected, result.Status);
        Assert.Equal(reason, result.Reason);
    }

    [Fact]
    public void A_pass_without_a_report_is_an_infra_error_because_nothing_shows_it_passed()
    {
        var result = CellVerdict.Reconcile(Reports.Cell(Spec, CellStatus.Pass, null), "vm");

        Assert.Equal((CellStatus.InfraError, "the vm backend reported pass without an agent report"), (result.Status, result.Reason));
    }

    [Theory]
    [InlineData(CellStatus.Skipped)]
    [InlineData(CellStatus.Untestable)]
    [InlineData(CellStatus.InfraError)]
    public void Cells_that_say_nothing_about_their_checks_are_left_as_they_are(CellStatus status)
    {
        var noReport = Reports.Cell(Spec, status, null, "qemu missing");
        var passingReport = Reports.Cell(Spec, status, Reports.Agent(CheckOutcome.Pass), "sysctl not applied");

        Assert.Same(noReport, CellVerdict.Reconcile(noReport, "vm"));
        Assert.Same(passingReport, CellVerdict.Reconcile(passingReport, "vm"));
    }

    [Fact]
    public void A_consistent_result_is_returned_unchanged()
    {
        var result = Reports.Cell(Spec, CellStatus.Fail, Reports.Agent(CheckOutcome.Fail), "2 check(s) failed");
        Assert.Same(result, CellVerdict.Reconcile(result, "vm"));
    }
}
