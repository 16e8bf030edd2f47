using MptcpMatrix.Agent.Tests.Support;
using MptcpMatrix.Contracts;
using MptcpMatrix.TestSupport;

namespace MptcpMatrix.Agent.Tests.Differential;

/// <summary>
/// The kernel's mptcp_inq and the agent's inq suite, one after the other in the same fresh network namespace, for each
/// pairing (both MPTCP; <c>-t tcp</c>: a TCP client, the agent's <c>inq.tcp_client</c>; <c>-r tcp</c>: a TCP listener,
/// <c>inq.tcp_server</c>) and family, with MPTCP on and (for an MPTCP client) off: reference exit 0 ⇔ every check of that
/// pairing passes.
/// </summary>
public sealed class InqAgreementTests(InqReferenceBuild reference) : IClassFixture<InqReferenceBuild>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("ipv4", "mptcp", true)]
    [InlineData("ipv6", "mptcp", true)]
    [InlineData("ipv4", "tcp_client", true)]
    [InlineData("ipv6", "tcp_client", true)]
    [InlineData("ipv4", "tcp_server", true)]
    [InlineData("ipv6", "tcp_server", true)]
    // MPTCP off only where the reference's MPTCP socket is the client's: mptcp_inq hangs when it cannot make its listener
    // (the parent waits on a datagram socketpair that the server, dead before it wrote "conn", never writes).
    [InlineData("ipv4", "tcp_server", false)]
    [InlineData("ipv6", "tcp_server", false)]
    public async Task Mptcp_inq_and_the_inq_suite_agree_in_the_same_namespace(string family, string pairing, bool mptcpEnabled)
    {
        Requires.HostMptcp();
        var binary = reference.Require();
        await using var ns = await NetnsScope.CreateAsync();
        if (!mptcpEnabled) await ns.SetSysctlAsync("net.mptcp.enabled", "0");
        var args = new List<string>();
        if (family == "ipv6") args.Add("-6");
        if (pairing == "tcp_client") args.AddRange(["-t", "tcp"]);
        if (pairing == "tcp_server") args.AddRange(["-r", "tcp"]);

        var refRun = await ns.RunAsync(binary, args, Timeout);
        var agentRun = await ns.RunAsync(PublishedAgent.Binary, ["--family", family, "--suite", "inq", "--quiet"], Timeout);

        var report = PublishedAgent.Report(agentRun);
        var checks = report.Families.Single().Checks.Where(c => c.Id.StartsWith($"inq.{pairing}.", StringComparison.Ordinal)).ToList();
        var agentPass = checks.Count > 0 && checks.All(c => c.Outcome == CheckOutcome.Pass);
        var context = $"mptcp_inq {string.Join(' ', args)}: {Proc.Describe(refRun)}\nagent: " +
            string.Join(", ", checks.Select(c => $"{c.Id} {c.Outcome} {c.Observed}"));
        Assert.True((refRun.ExitCode == 0) == agentPass, "the verdicts disagree\n" + context);
        // and what this kernel does, so that an agreement on the wrong answer is noticed too
        Assert.True(mptcpEnabled == (refRun.ExitCode == 0), context);
        if (!mptcpEnabled) Assert.All(checks, c => Assert.Equal(Expectation.MptcpOff, c.Expectation));
    }
}
