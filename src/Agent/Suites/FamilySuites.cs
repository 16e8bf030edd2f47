using System.Diagnostics;
using MptcpMatrix.Agent.Checks;
using MptcpMatrix.Agent.Expectations;
using MptcpMatrix.Agent.Selftest;
using MptcpMatrix.Agent.Sockets;
using MptcpMatrix.Contracts;

namespace MptcpMatrix.Agent.Suites;

/// <summary>
/// One family's run of the requested suites, in the calling thread's network namespace: the selftest first (its
/// checks, verdict reason and fallback detection unchanged), then sockopts, inq and fallback, each bounded by its own
/// deadline. The family's verdict combines every suite's checks.
/// </summary>
internal sealed class FamilySuites(ISocketApi api, AddressFamily family, ulong seed, int port, TimeSpan timeout, ExpectationJudge judge,
    IReadOnlyList<string> suites)
{
    public FamilyRun Run()
    {
        var started = Stopwatch.GetTimestamp();
        var checks = new List<CheckResult>();
        string? reason = null;
        if (suites.Contains(SuiteNames.Selftest))
        {
            var selftest = new FamilyTest(api, family, seed, port, timeout, judge).Run();
            checks.AddRange(selftest.Checks);
            reason = selftest.Reason;
            if (Init.BootTrace.Enabled) Init.BootTrace.Mark($"{family.Name}: selftest done");
        }

        var random = new Random(unchecked((int)seed ^ (int)(seed >> 32) ^ family.Af ^ 0x1e9));
        foreach (var suite in SuiteNames.All)
        {
            if (suite == SuiteNames.Selftest || !suites.Contains(suite)) continue;
            var log = new CheckLog(judge);
            var deadline = Deadline.After(timeout);
            switch (suite)
            {
                case SuiteNames.Sockopts:
                    Sockopts.SockoptSuite.Run(api, family, deadline, log);
                    break;
                case SuiteNames.Inq:
                    Inq.InqSuite.Run(api, family, deadline, log, random);
                    break;
                case SuiteNames.Fallback:
                    Fallback.FallbackSuite.Run(api, family, deadline, log);
                    break;
            }

            checks.AddRange(log.Results);
            if (Init.BootTrace.Enabled) Init.BootTrace.Mark($"{family.Name}: {suite} done");
        }

        var verdict = Verdicts.Combine(checks.Select(c => c.Outcome));
        var ms = Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 1);
        return new FamilyRun(family.Name, verdict, checks, ms, reason);
    }
}
