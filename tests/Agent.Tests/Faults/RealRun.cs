using MptcpMatrix.Agent.Selftest;
using MptcpMatrix.Agent.Sockets;
using MptcpMatrix.Contracts;
using MptcpMatrix.TestSupport;

namespace MptcpMatrix.Agent.Tests.Faults;

/// <summary>In-process family runs on real MPTCP loopback sockets of the running kernel (this test's network namespace).</summary>
internal static class RealRun
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static FamilyRun Family(ISocketApi api, AddressFamily family, ulong seed = 42)
    {
        Requires.HostMptcp();
        Requires.Capability(File.ReadAllText("/proc/sys/net/mptcp/enabled").Trim() == "1",
            "net.mptcp.enabled=1 in this network namespace", "sysctl -w net.mptcp.enabled=1");
        return new FamilyTest(api, family, seed, 0, Timeout).Run();
    }

    public static string Describe(FamilyRun run) => string.Join("\n",
        run.Checks.Where(c => c.Outcome != CheckOutcome.Pass)
            .Select(c => $"  {c.Id}: {c.Outcome} expected '{c.Expected}' observed '{c.Observed}' {c.Errno} {c.Reason}"));
}
