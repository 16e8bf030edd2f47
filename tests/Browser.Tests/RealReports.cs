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
/// compared with the first run's report.json as the baseline.
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
        var file = Path.Combine(regressed, "cells", "vm-sid-ipv4-default.json");
        var cell = ResultStore.ReadCell(file);
        cell = cell with
        {
            Status = CellStatus.Fail,
            Reason = "MPTCP_FULL_INFO regressed",
            Agent = cell.Agent! with
            {
                Families = cell.Agent.Families.Select(f => f with
                {
                    Checks = f.Checks.Select(c => CheckRows.Group(c.Id) == "full_info"
                        ? c with { Outcome = CheckOutcome.Fail, Observed = "getsockopt MPTCP_FULL_INFO: -1 EOPNOTSUPP", Errno = "EOPNOTSUPP", Expectation = Expectation.Regression }
                        : c).ToList(),
                }).ToList(),
            },
        };
        File.WriteAllText(file, JsonSerializer.Serialize(cell, OrchestratorJson.Default.CellResult));
        ReportWriter.WriteAll(ReportBuilder.Build([regressed], Path.Combine(run, "report.json"), GeneratedAt), regressed);
        WithRegression = Path.Combine(regressed, "report.html");
    }

    public string Root { get; }

    public string Default { get; }

    public string WithRegression { get; }

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
