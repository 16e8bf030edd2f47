using MptcpMatrix.Agent.Expectations;
using MptcpMatrix.Agent.Host;
using MptcpMatrix.Agent.Sockets;
using MptcpMatrix.Agent.Suites;
using MptcpMatrix.Contracts;
using MptcpMatrix.TestSupport;

namespace MptcpMatrix.Agent.Tests.Faults;

/// <summary>In-process runs of one suite (or several) on real sockets of the running kernel, each family in a network
/// namespace of its own, as <see cref="RealRun"/> runs the selftest.</summary>
internal static class SuiteRun
{
    public static FamilyRun Family(ISocketApi api, AddressFamily family, IReadOnlyList<string> suites, ExpectationJudge? judge = null)
    {
        Requires.HostMptcp();
        Requires.Root();
        judge ??= RealRun.HostJudge();
        FamilyRun? run = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                NetworkNamespace.EnterNew();
                run = new FamilySuites(api, family, 42, 0, RealRun.Timeout, judge, suites).Run();
            }
            catch (Exception e)
            {
                failure = e;
            }
        }, 4 << 20);
        thread.Start();
        Assert.True(thread.Join(RealRun.Timeout * 4), "the suite run did not finish");
        if (failure is not null) throw new InvalidOperationException("the suite run failed", failure);
        return run!;
    }

    /// <summary>The check ids a real run of the support suites reports on this kernel, both families.</summary>
    public static HashSet<string> RealIds()
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var family in new[] { AddressFamily.IPv4, AddressFamily.IPv6 })
        {
            var run = Family(LinuxSocketApi.Instance, family, [SuiteNames.Sockopts, SuiteNames.Inq, SuiteNames.Fallback]);
            Assert.True(run.Verdict == CheckOutcome.Pass, $"{run.Family}: the suites do not pass on this kernel:\n{RealRun.Describe(run)}");
            foreach (var c in run.Checks) ids.Add(c.Id);
        }

        return ids;
    }
}
