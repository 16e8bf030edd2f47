using MptcpMatrix.Contracts;
using MptcpMatrix.Orchestrator.Backends;
using MptcpMatrix.Orchestrator.Infrastructure;
using MptcpMatrix.Orchestrator.Tests.Support;

namespace MptcpMatrix.Orchestrator.Tests.Backends;

/// <summary>What every backend does with an agent report: the sysctl comparison, the exit code check, the status and its reason.</summary>
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
        Assert.Null(Record.Exception(() => AgentVerdicts.EnsureSysctlsApplied(Asked(("net.mptcp.enabled", "0")), Saw(("net.mptcp.enabled", " 0\n")), "x")));
        // The same key with another value is compared, and refused.
        Assert.Throws<InfrastructureException>(() => AgentVerdicts.EnsureSysctlsApplied(Asked(("net.mptcp.enabled", "0")), Saw(("net.mptcp.enabled", "1\n")), "x"));
    }

    [Fact]
    public void A_key_the_agent_did_not_report_is_not_compared()
    {
        // A kernel without MPTCP has no net.mptcp.* at all; the cell is unsupported, not an infrastructure failure.
        Assert.Null(Record.Exception(() => AgentVerdicts.EnsureSysctlsApplied(Asked(("net.mptcp.enabled", "0")), Saw(), "x")));
        // Reported under its short name (without net.mptcp.), it is compared.
        Assert.Throws<InfrastructureException>(() => AgentVerdicts.EnsureSysctlsApplied(Asked(("net.mptcp.enabled", "0")), Saw(("enabled", "1")), "x"));
    }

    [Fact]
    public void Non_mptcp_sysctls_are_not_compared_because_the_agent_does_not_report_them()
    {
        // Even when the report carries the key with another value: only net.mptcp.* keys are the agent's to report.
        Assert.Null(Record.Exception(() => AgentVerdicts.EnsureSysctlsApplied(Asked(("net.ipv4.tcp_ecn", "1")), Saw(("net.ipv4.tcp_ecn", "0")), "x")));
    }

    [Theory]
    [InlineData(CheckOutcome.Pass, 0)]
    [InlineData(CheckOutcome.Unsupported, 0)]
    [InlineData(CheckOutcome.Fail, 1)]
    [InlineData(CheckOutcome.Error, 2)]
    public void The_exit_code_of_each_verdict_is_accepted_and_any_other_is_an_infrastructure_error(CheckOutcome verdict, int exit)
    {
        var report = Reports.Agent(verdict);

        Assert.Null(Record.Exception(() => AgentVerdicts.EnsureExitCodeAgrees(Asked(), report, exit, null)));
        var e = Assert.Throws<InfrastructureException>(() => AgentVerdicts.EnsureExitCodeAgrees(Asked(), report, exit + 1, "tail"));
        Assert.Equal($"the agent's exit code {exit + 1} contradicts its verdict '{verdict.ToString().ToLowerInvariant()}' (expected exit {exit})", e.Message);
    }

    [Fact]
    public void A_report_whose_verdict_says_pass_next_to_a_failed_check_is_a_failing_cell()
    {
        var lying = Reports.Agent(CheckOutcome.Fail) with { Verdict = CheckOutcome.Pass };

        var (status, reason) = AgentVerdicts.ToCellStatus(lying);

        Assert.Equal(Cells.CellStatus.Fail, status);
        Assert.Equal("2 check(s) failed: ipv4:client.initial.tcpinfo.size_user, ipv4:server.ip_tos.roundtrip (the agent's verdict said pass, its checks do not)", reason);
    }

    [Fact]
    public void A_report_that_agrees_with_its_checks_keeps_its_status_and_short_reason()
    {
        Assert.Equal((Cells.CellStatus.Pass, (string?)null), AgentVerdicts.ToCellStatus(Reports.Agent(CheckOutcome.Pass)));
        Assert.Equal((Cells.CellStatus.Fail, "2 check(s) failed: ipv4:client.initial.tcpinfo.size_user, ipv4:server.ip_tos.roundtrip"),
            AgentVerdicts.ToCellStatus(Reports.Agent(CheckOutcome.Fail)));
        Assert.Equal((Cells.CellStatus.Unsupported, "MPTCP is disabled in this network namespace (net.mptcp.enabled=0)"),
            AgentVerdicts.ToCellStatus(Reports.Agent(CheckOutcome.Unsupported)));
        Assert.Equal((Cells.CellStatus.InfraError, "the agent could not work: setup.connect: timed out after 15 s"),
            AgentVerdicts.ToCellStatus(Reports.Agent(CheckOutcome.Error)));
    }
}
