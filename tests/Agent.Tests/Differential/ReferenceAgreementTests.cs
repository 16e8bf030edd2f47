using MptcpMatrix.Agent.Tests.Support;
using MptcpMatrix.Contracts;
using MptcpMatrix.TestSupport;

namespace MptcpMatrix.Agent.Tests.Differential;

/// <summary>
/// The C reference and the agent, one after the other in the same fresh network namespace, must reach the same
/// verdict: reference exit 0 ⇔ agent pass; reference non-zero ⇔ agent fail or unsupported.
/// </summary>
public sealed class ReferenceAgreementTests(ReferenceBuild reference) : IClassFixture<ReferenceBuild>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("ipv4", true)]
    [InlineData("ipv6", true)]
    [InlineData("ipv4", false)]
    [InlineData("ipv6", false)]
    public async Task The_reference_and_the_agent_agree_in_the_same_namespace(string family, bool mptcpEnabled)
    {
        Requires.HostMptcp();
        var refBinary = reference.Require();
        var agent = PublishedAgent.Binary;
        await using var ns = await NetnsScope.CreateAsync();
        if (!mptcpEnabled) await ns.SetSysctlAsync("net.mptcp.enabled", "0");

        var refRun = await ns.RunAsync(refBinary, family == "ipv6" ? ["-6"] : [], Timeout);
        var agentRun = await ns.RunAsync(agent, ["--family", family, "--quiet"], Timeout);

        var report = PublishedAgent.Report(agentRun);
        var context = $"reference: {Proc.Describe(refRun)}\nagent verdict {report.Verdict}, exit {agentRun.ExitCode}";
        Assert.True((refRun.ExitCode == 0) == (report.Verdict == CheckOutcome.Pass), "the verdicts disagree\n" + context);
        Assert.True(report.Verdict != CheckOutcome.Error, "the agent could not work\n" + context);
        // and what this kernel does in each case, so an agreement on the wrong answer is noticed too
        Assert.True(mptcpEnabled ? refRun.ExitCode == 0 : refRun.ExitCode != 0, context);
        Assert.Equal(mptcpEnabled ? CheckOutcome.Pass : CheckOutcome.Unsupported, report.Verdict);
        Assert.Equal(mptcpEnabled ? "1" : "0", report.Kernel.MptcpSysctls["net.mptcp.enabled"]);
    }
}
