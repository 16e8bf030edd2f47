using System.Text.Json;
using MptcpMatrix.Contracts;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Running;

namespace MptcpMatrix.Orchestrator.Backends.Container;

/// <summary>
/// Maps the agent's exit code and stdout to a cell verdict, like the other backends: report verdict pass/fail/unsupported/error
/// becomes Pass/Fail/Unsupported/InfraError; no parseable report is an <see cref="InfrastructureException"/>.
/// </summary>
public static class AgentOutputMapper
{
    public static AgentOutcome Map(CellSpec cell, ContainerOutput output)
    {
        AgentReport? report = null;
        string? parseError = null;
        if (!string.IsNullOrWhiteSpace(output.Stdout))
        {
            try
            {
                report = JsonSerializer.Deserialize(output.Stdout, ContractJson.Default.AgentReport);
            }
            catch (JsonException e)
            {
                parseError = e.Message;
            }
        }

        if (report is null)
        {
            var why = output.ExitCode switch
            {
                137 => "the container was killed (SIGKILL: memory limit, engine stop or timeout)",
                143 => "the container was terminated (SIGTERM: engine stop?)",
                _ => parseError is null ? "no report on stdout" : "stdout is not an agent report: " + parseError,
            };
            throw new InfrastructureException(cell.Id, $"agent exited with {output.ExitCode} without a report: {why}",
                (int)output.ExitCode, Tail(output.Stderr));
        }

        // The sysctls the engine applied must be the ones the agent saw, or the cell would test the wrong thing.
        AgentVerdicts.EnsureSysctlsApplied(cell, report, "the container", (int)output.ExitCode, Tail(output.Stderr));

        // The status follows the checks, not the report's verdict field (CellVerdict).
        return CellVerdict.FromChecks(report) switch
        {
            CellStatus.Pass => new AgentOutcome(CellStatus.Pass, null, report),
            CellStatus.Fail => new AgentOutcome(CellStatus.Fail, FailedChecks(report), report),
            CellStatus.Unsupported => new AgentOutcome(CellStatus.Unsupported, Reasons(report) ?? "MPTCP unsupported", report),
            _ => new AgentOutcome(CellStatus.InfraError, "agent error: " + (Reasons(report) ?? Tail(output.Stderr) ?? $"exit {output.ExitCode}"), report),
        };
    }

    /// <summary>What explains the failures (as for every backend: <see cref="CellVerdict.FailExplanations"/>), then the
    /// failed checks by name.</summary>
    private static string FailedChecks(AgentReport report)
    {
        var failed = report.Families.SelectMany(f => f.Checks.Where(c => c.Outcome == CheckOutcome.Fail).Select(c => $"{f.Family}:{c.Id}")).ToList();
        var checks = failed.Count == 0 ? "a check failed" : $"{failed.Count} check(s) failed: " + string.Join(", ", failed.Take(5)) + (failed.Count > 5 ? ", ..." : "");
        return string.Join("; ", [.. CellVerdict.FailExplanations(report), checks]);
    }

    private static string? Reasons(AgentReport report)
    {
        var reasons = report.Families.Select(f => f.Reason).Where(r => !string.IsNullOrWhiteSpace(r)).Distinct().ToList();
        return reasons.Count == 0 ? null : string.Join("; ", reasons);
    }

    public static string? Tail(string text, int lines = 20)
    {
        var all = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return all.Length == 0 ? null : string.Join('\n', all.TakeLast(lines));
    }
}
