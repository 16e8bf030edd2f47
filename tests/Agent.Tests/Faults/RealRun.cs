using MptcpMatrix.Agent.Expectations;
using MptcpMatrix.Agent.Host;
using MptcpMatrix.Agent.Selftest;
using MptcpMatrix.Agent.Sockets;
using MptcpMatrix.Contracts;
using MptcpMatrix.TestSupport;

namespace MptcpMatrix.Agent.Tests.Faults;

/// <summary>
/// In-process family runs on real MPTCP loopback sockets of the running kernel, each in a network namespace of its
/// own (a thread that unshares it), so that runs of parallel tests never see each other's MPTcpExt counters.
/// </summary>
internal static class RealRun
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>The running kernel's own version, as the agent reads it.</summary>
    public static ExpectationJudge HostJudge() => ExpectationJudge.For(KernelProbe.Read());

    /// <summary>A judge that takes the kernel for <paramref name="version"/> (null: unknown), as on an older or custom kernel.</summary>
    public static ExpectationJudge As(string? version, Capabilities? capabilities = null) =>
        new(version is null ? null : KernelVersion.ParsePrefix(version)) { Capabilities = capabilities ?? Capabilities.All };

    public static FamilyRun Family(ISocketApi api, AddressFamily family, ulong seed = 42, ExpectationJudge? judge = null)
    {
        Requires.HostMptcp();
        Requires.Root();
        judge ??= HostJudge();
        FamilyRun? run = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                NetworkNamespace.EnterNew();
                run = new FamilyTest(api, family, seed, 0, Timeout, judge).Run();
            }
            catch (Exception e)
            {
                failure = e;
            }
        }, 4 << 20);
        thread.Start();
        Assert.True(thread.Join(Timeout * 3), "the family run did not finish");
        if (failure is not null) throw new InvalidOperationException("the family run failed", failure);
        return run!;
    }

    public static string Describe(FamilyRun run) => string.Join("\n",
        run.Checks.Where(c => c.Outcome != CheckOutcome.Pass)
            .Select(c => $"  {c.Id}: {c.Outcome} [{c.Expectation}] expected '{c.Expected}' observed '{c.Observed}' {c.Errno} {c.Reason}"));
}
