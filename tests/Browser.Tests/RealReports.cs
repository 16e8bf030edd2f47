using System.Text.Json;
using MptcpMatrix.Contracts;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Infrastructure;
using MptcpMatrix.Orchestrator.Reporting;
using MptcpMatrix.Orchestrator.Running;
using MptcpMatrix.TestSupport;

namespace MptcpMatrix.Browser.Tests;

/// <summary>
/// Reports built from the cell results of a real default-matrix run (<see cref="RealRun"/>): <see cref="Default"/> as it ran,
/// and <see cref="WithRegression"/>, the same run in which sid (7.2) lost MPTCP_FULL_INFO (its ipv4 checks fail as regressions),
/// compared with the first run's report.json as the baseline; and <see cref="WithoutCapability"/>, in which trixie's agent
/// lacked CAP_NET_ADMIN for its SO_MARK probes.
/// </summary>
public sealed class RealReports : IDisposable
{
    private static readonly DateTimeOffset GeneratedAt = new(2026, 12, 2, 4, 0, 0, TimeSpan.Zero);

    public RealReports()
    {
        Root = Directory.CreateTempSubdirectory("mm-browser-").FullName;
        var run = RealRun.CopyTo(Path.Combine(Root, "default"));
        ReportWriter.WriteAll(ReportBuilder.Build([run], null, GeneratedAt), run);
        Default = Path.Combine(run, "report.html");

        var regressed = RealRun.CopyTo(Path.Combine(Root, "regressed"));
        Rewrite(regressed, "vm-sid-ipv4-default", c => CheckRows.Group(c.Id) == "full_info"
            ? c with { Outcome = CheckOutcome.Fail, Observed = "getsockopt MPTCP_FULL_INFO: -1 EOPNOTSUPP", Errno = "EOPNOTSUPP", Expectation = Expectation.Regression }
            : c, cell => cell with { Status = CellStatus.Fail, Reason = "MPTCP_FULL_INFO regressed" });
        ReportWriter.WriteAll(ReportBuilder.Build([regressed], Path.Combine(run, "report.json"), GeneratedAt), regressed);
        WithRegression = Path.Combine(regressed, "report.html");

        // trixie's SO_MARK probes as an agent without CAP_NET_ADMIN says them (expectation needs_capability), and its
        // TCP_CONGESTION subflow checks as a boot without tcp_diag says them (not_observable).
        var unprivileged = RealRun.CopyTo(Path.Combine(Root, "unprivileged"));
        foreach (var family in new[] { "ipv4", "ipv6" })
        {
            Rewrite(unprivileged, $"vm-trixie-{family}-default", c => c.Id.StartsWith("sockopts.so_mark.", StringComparison.Ordinal)
                ? c with
                {
                    Outcome = CheckOutcome.Unsupported, Expected = "needs CAP_NET_ADMIN", Observed = "rejected EPERM: setsockopt(SO_MARK)", Errno = "EPERM",
                    Reason = "needs CAP_NET_ADMIN in the network namespace's user namespace, which this agent lacks", Expectation = Expectation.NeedsCapability,
                }
                : c.Id.StartsWith("sockopts.tcp_congestion.", StringComparison.Ordinal) && c.Id.EndsWith(".subflow", StringComparison.Ordinal)
                ? c with
                {
                    Outcome = CheckOutcome.Unsupported, Expected = "needs inet_diag of TCP sockets (tcp_diag) to look", Observed = "not observable here", Errno = "ENOENT",
                    Reason = "inet_diag cannot show TCP sockets here (sock_diag: ENOENT): CONFIG_INET_TCP_DIAG is off or its module (tcp_diag) is not loaded",
                    Expectation = Expectation.NotObservable,
                }
                : c);
        }

        ReportWriter.WriteAll(ReportBuilder.Build([unprivileged], null, GeneratedAt), unprivileged);
        WithoutCapability = Path.Combine(unprivileged, "report.html");
    }

    public string Root { get; }

    public string Default { get; }

    public string WithRegression { get; }

    /// <summary>The run with trixie's SO_MARK checks as a normal user's agent reports them (needs CAP_NET_ADMIN), and its
    /// TCP_CONGESTION subflow checks as a boot without tcp_diag reports them (not observable here).</summary>
    public string WithoutCapability { get; }

    /// <summary>Rewrites one cell file of <paramref name="run"/>: each of its checks, then the cell.</summary>
    private static void Rewrite(string run, string cellId, Func<CheckResult, CheckResult> check, Func<CellResult, CellResult>? change = null)
    {
        var file = Path.Combine(run, "cells", cellId + ".json");
        var cell = ResultStore.ReadCell(file);
        cell = cell with { Agent = cell.Agent! with { Families = cell.Agent.Families.Select(f => f with { Checks = f.Checks.Select(check).ToList() }).ToList() } };
        File.WriteAllText(file, JsonSerializer.Serialize(change?.Invoke(cell) ?? cell, OrchestratorJson.Default.CellResult));
    }

    public static string Url(string file) => new Uri(file).AbsoluteUri;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
