using MptcpMatrix.Agent.Tests.Support;
using MptcpMatrix.Contracts;
using MptcpMatrix.TestSupport;
using static MptcpMatrix.Agent.Native.SocketConstants;

namespace MptcpMatrix.Agent.Tests.Differential;

/// <summary>
/// Real faults below the agent, with the seed and the newest reference run beside it in the same namespace: a
/// middlebox that strips MPTCP from the handshake (every connection falls back to TCP), and a kernel that refuses a
/// SOL_MPTCP option its version says it has (a seccomp filter). The agent's verdict must match the references'
/// exit status, and say why.
/// </summary>
public sealed class FaultAgreementTests(ReferenceBuild reference) : IClassFixture<ReferenceBuild>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("ipv4", "seed")]
    [InlineData("ipv6", "seed")]
    [InlineData("ipv4", "latest")]
    [InlineData("ipv6", "latest")]
    public async Task A_middlebox_that_strips_MPTCP_makes_the_references_and_the_agent_fail_with_fell_back(string family, string which)
    {
        Requires.HostMptcp();
        var refBinary = reference.Require(which);
        await using var ns = await NetnsScope.CreateAsync();
        await ns.InstallMiddleboxAsync();

        var refRun = await ns.RunAsync(refBinary, family == "ipv6" ? ["-6"] : [], Timeout);
        var agentRun = await ns.RunAsync(PublishedAgent.Binary, ["--family", family, "--quiet"], Timeout);

        var report = PublishedAgent.Report(agentRun);
        var context = $"reference ({which}): {Proc.Describe(refRun)}\nagent verdict {report.Verdict}, exit {agentRun.ExitCode}";
        Assert.True(refRun.ExitCode != 0, "the reference passed through the middlebox\n" + context);
        Assert.Equal(CheckOutcome.Fail, report.Verdict);
        Assert.Equal(1, agentRun.ExitCode);
        var run = Assert.Single(report.Families);
        Assert.Contains("fell back to TCP", run.Reason, StringComparison.Ordinal);
        var client = Assert.Single(run.Checks, c => c.Id == "client.connection.mptcp");
        Assert.Equal(Expectation.FellBack, client.Expectation);
        Assert.Contains("MPCapableFallbackSYNACK", client.Observed, StringComparison.Ordinal);
        var server = Assert.Single(run.Checks, c => c.Id == "server.connection.mptcp");
        Assert.Contains("SO_PROTOCOL 6", server.Observed, StringComparison.Ordinal);
        Assert.DoesNotContain(run.Checks, c => c.Outcome == CheckOutcome.Unsupported);
        Assert.Contains(run.Checks, c => c.Id == "client.echo.payload" && c.Outcome == CheckOutcome.Pass); // data still flows over TCP
    }

    [Theory]
    [InlineData("ipv4", "seed")]
    [InlineData("ipv6", "latest")]
    public async Task A_kernel_that_refuses_MPTCP_INFO_its_version_has_fails_the_references_and_is_a_regression_for_the_agent(string family, string which)
    {
        Requires.HostMptcp();
        var refBinary = reference.Require(which);
        var refuse = RealFaults.RefuseSockopt(SOL_MPTCP, MPTCP_INFO, Interop.Errno.EOPNOTSUPP);
        await using var ns = await NetnsScope.CreateAsync();

        var refRun = await ns.RunAsync(refuse[0], [.. refuse[1..], refBinary, .. (family == "ipv6" ? new[] { "-6" } : [])], Timeout);
        var agentRun = await ns.RunAsync(refuse[0], [.. refuse[1..], PublishedAgent.Binary, "--family", family, "--quiet"], Timeout);

        var report = PublishedAgent.Report(agentRun);
        var context = $"reference ({which}): {Proc.Describe(refRun)}\nagent verdict {report.Verdict}, exit {agentRun.ExitCode}";
        Assert.True(refRun.ExitCode != 0, "the reference passed without MPTCP_INFO\n" + context);
        Assert.Equal(CheckOutcome.Fail, report.Verdict);
        var checks = report.Families.Single().Checks;
        var call = Assert.Single(checks, c => c.Id == "client.initial.mptcp_info.call");
        Assert.Equal(Expectation.Regression, call.Expectation);
        Assert.Contains($"missing on Linux {report.Kernel.UpstreamVersion}", call.Reason, StringComparison.Ordinal);
        // the connection itself is still MPTCP: TCP_IS_MPTCP, SO_PROTOCOL and the counters say so
        Assert.Contains(checks, c => c.Id == "client.connection.mptcp" && c.Outcome == CheckOutcome.Pass);
        Assert.Contains(checks, c => c.Id == "client.initial.tcpinfo.call" && c.Outcome == CheckOutcome.Pass);
    }

    /// <summary>
    /// Where the agent is deliberately stricter than the references: the seed never asks for MPTCP_FULL_INFO and the
    /// latest one skips it on EOPNOTSUPP on any kernel, so both pass; the agent knows the kernel is 6.5 or later, where
    /// MPTCP_FULL_INFO exists, and calls its absence a regression.
    /// </summary>
    [Theory]
    [InlineData("seed")]
    [InlineData("latest")]
    public async Task MPTCP_FULL_INFO_refused_on_a_kernel_that_has_it_passes_the_references_but_is_a_regression_for_the_agent(string which)
    {
        Requires.HostMptcp();
        var refBinary = reference.Require(which);
        var refuse = RealFaults.RefuseSockopt(SOL_MPTCP, MPTCP_FULL_INFO, Interop.Errno.EOPNOTSUPP);
        await using var ns = await NetnsScope.CreateAsync();

        var refRun = await ns.RunAsync(refuse[0], [.. refuse[1..], refBinary], Timeout);
        var agentRun = await ns.RunAsync(refuse[0], [.. refuse[1..], PublishedAgent.Binary, "--family", "ipv4", "--quiet"], Timeout);

        var report = PublishedAgent.Report(agentRun);
        Assert.True(refRun.ExitCode == 0, $"reference ({which}): {Proc.Describe(refRun)}");
        Assert.Equal(CheckOutcome.Fail, report.Verdict);
        var failed = report.Families.Single().Checks.Where(c => c.Outcome != CheckOutcome.Pass).ToList();
        Assert.All(failed, c => Assert.Equal((CheckOutcome.Fail, Expectation.Regression, "mptcp_full_info"), (c.Outcome, c.Expectation!.Value, c.Feature!)));
        Assert.Contains(failed, c => c.Id == "server.final.full_info.call");
    }

    [Fact]
    public async Task The_same_refusal_on_a_kernel_the_agent_is_told_predates_MPTCP_FULL_INFO_is_expected_unsupported()
    {
        Requires.HostMptcp();
        var refuse = RealFaults.RefuseSockopt(SOL_MPTCP, MPTCP_FULL_INFO, Interop.Errno.EOPNOTSUPP);
        await using var ns = await NetnsScope.CreateAsync();

        var agentRun = await ns.RunAsync(refuse[0], [.. refuse[1..], PublishedAgent.Binary, "--family", "ipv6", "--quiet", "--kernel-version", "6.1.176"], Timeout);

        var report = PublishedAgent.Report(agentRun);
        Assert.Equal(CheckOutcome.Pass, report.Verdict);
        Assert.Equal("6.1.176", report.Kernel.UpstreamVersion);
        var full = report.Families.Single().Checks.Where(c => c.Feature == "mptcp_full_info").ToList();
        Assert.NotEmpty(full);
        Assert.All(full, c => Assert.Equal((CheckOutcome.Unsupported, Expectation.ExpectedUnsupported), (c.Outcome, c.Expectation!.Value)));
        Assert.Contains("added in Linux 6.5", full[0].Reason, StringComparison.Ordinal);
    }
}
