using System.Diagnostics;
using MptcpMatrix.Agent.Expectations;
using MptcpMatrix.Agent.Host;
using MptcpMatrix.Agent.Selftest;
using MptcpMatrix.Agent.Sockets;
using MptcpMatrix.Contracts;

namespace MptcpMatrix.Agent;

/// <summary>Runs the requested suites (all of them by default) for the requested families in the calling thread's network namespace.</summary>
internal static class AgentRunner
{
    public const string Version = AgentVersion.Value;

    /// <param name="suites">The suites to run (<see cref="Suites.SuiteNames"/>); null runs them all.</param>
    /// <param name="kernelVersion">The kernel's upstream version as <c>--kernel-version</c> gave it; null reads it from uname.</param>
    public static AgentReport Run(ISocketApi api, IReadOnlyList<AddressFamily> families, ulong? seed, int port,
        TimeSpan timeout, string? variant, IReadOnlyDictionary<string, string> sysctls, (KernelVersion? Version, string Source)? kernelVersion = null,
        IReadOnlyList<string>? suites = null)
    {
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var actualSeed = seed ?? (ulong)Random.Shared.NextInt64(long.MaxValue);
        var kernel = KernelProbe.Read(kernelVersion);
        var judge = ExpectationJudge.For(kernel);
        var selected = suites ?? Suites.SuiteNames.All;
        var runs = families.Select(f => new Suites.FamilySuites(api, f, actualSeed, port, timeout, judge, selected).Run()).ToList();
        return new AgentReport(
            AgentReport.CurrentSchemaVersion,
            Version,
            kernel,
            actualSeed,
            port == 0 ? null : port,
            variant,
            sysctls,
            started,
            Math.Round(clock.Elapsed.TotalMilliseconds, 1),
            Verdicts.Combine(runs.Select(r => r.Verdict)),
            runs);
    }
}
