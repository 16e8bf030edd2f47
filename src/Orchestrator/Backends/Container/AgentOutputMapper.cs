using System.Text.Json;
using MptcpMatrix.Contracts;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Infrastructure;

namespace MptcpMatrix.Orchestrator.Backends.Container;

/// <summary>
/// Reads the agent's report from a container's stdout and maps it to a cell status as every backend does
/// (<see cref="AgentVerdicts"/>); no parseable report is an <see cref="InfrastructureException"/>.
/// </summary>
internal static class AgentOutputMapper
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

        var (status, reason) = AgentVerdicts.ToCellStatus(report);
        return new AgentOutcome(status, reason, report);
    }

    public static string? Tail(string text, int lines = 20)
    {
        var all = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return all.Length == 0 ? null : string.Join('\n', all.TakeLast(lines));
    }
}
