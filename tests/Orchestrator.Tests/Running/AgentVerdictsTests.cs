using MptcpMatrix.Contracts;
using MptcpMatrix.Orchestrator.Backends;
using MptcpMatrix.Orchestrator.Running;
using MptcpMatrix.Orchestrator.Tests.Support;

namespace MptcpMatrix.Orchestrator.Tests.Running;

/// <summary>The sysctl comparison every backend uses (host and container call the same method).</summary>
public sealed class AgentVerdictsTests
{
    private static AgentReport Saw(params (string Key, string Value)[] sysctls) =>
        Reports.Agent(CheckOutcome.Pass) with { Kernel = Reports.Agent(CheckOutcome.Pass).Kernel with { MptcpSysctls = sysctls.ToDictionary(s => s.Key, s => s.Value) } };

    private static Cells.CellSpec Asked(params (string Key, string Value)[] sysctls) =>
        Reports.Spec("bookworm", "ipv4", "vm", "v", sysctls: sysctls.ToDictionary(s => s.Key, s => s.Value));

    [Fact]
    public void A_mismatch_names_the_key_the_expected_and_the_observed_value_and_carries_the_exit_code_and_excerpt()
    {
        var e = Assert.Throws<InfrastructureException>(() => AgentVerdicts.EnsureSysctlsApplied(
            Asked(("net.mptcp.enabled", "1"), ("net.mptcp.add_addr_timeout", "60")), Saw(("net.mptcp.enabled", "1"), ("net.mptcp.add_addr_timeout", "120")),
            "the container", 0, "stderr tail"));
        Assert.Equal("sysctl net.mptcp.add_addr_timeout: expected net.mptcp.add_addr_timeout=60, observed net.mptcp.add_addr_timeout=120 in the container (the sysctl was not applied)", e.Message);
        Assert.Equal((0, "stderr tail", "vm-bookworm-ipv4-v"), (e.ExitCode, e.LogExcerpt, e.CellId));
    }

    [Fact]
    public void Matching_values_pass_ignoring_surrounding_whitespace()
    {
        AgentVerdicts.EnsureSysctlsApplied(Asked(("net.mptcp.enabled", "0")), Saw(("net.mptcp.enabled", "0\n")), "x");
    }

    [Fact]
    public void A_key_the_agent_did_not_report_is_not_compared()
    {
        // A kernel without MPTCP has no net.mptcp.* at all; the cell is unsupported, not an infrastructure failure.
        AgentVerdicts.EnsureSysctlsApplied(Asked(("net.mptcp.enabled", "0")), Saw(), "x");
    }

    [Fact]
    public void Non_mptcp_sysctls_are_not_compared_because_the_agent_does_not_report_them()
    {
        AgentVerdicts.EnsureSysctlsApplied(Asked(("net.ipv4.tcp_ecn", "1")), Saw(("net.mptcp.enabled", "1")), "x");
    }

    [Fact]
    public void A_report_whose_verdict_says_pass_next_to_a_failed_check_is_a_failing_cell()
    {
        var lying = Reports.Agent(CheckOutcome.Fail) with { Verdict = CheckOutcome.Pass };

        var (status, reason) = AgentVerdicts.ToCellStatus(lying);

        Assert.Equal(Cells.CellStatus.Fail, status);
        Assert.Equal("2 check(s) failed (the agent's verdict said pass, its checks do not)", reason);
    }

    [Fact]
    public void A_report_that_agrees_with_its_checks_keeps_its_status_and_short_reason()
    {
        Assert.Equal((Cells.CellStatus.Pass, (string?)null), AgentVerdicts.ToCellStatus(Reports.Agent(CheckOutcome.Pass)));
        Assert.Equal((Cells.CellStatus.Fail, "2 check(s) failed"), AgentVerdicts.ToCellStatus(Reports.Agent(CheckOutcome.Fail)));
        Assert.Equal(Cells.CellStatus.InfraError, AgentVerdicts.ToCellStatus(Reports.Agent(CheckOutcome.Error)).Status);
    }
}
