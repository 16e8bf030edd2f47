using MptcpMatrix.Contracts;
using MptcpMatrix.Orchestrator.Cells;

namespace MptcpMatrix.Orchestrator.Backends;

/// <summary>A cell as the agent is started for it (<see cref="AgentInvocation"/>).</summary>
internal static class AgentCells
{
    /// <summary>The cell's family, variant, sysctls and suites, with the agent's per-family bound from the batch's time budget.</summary>
    public static AgentInvocation Invocation(CellSpec cell, int timeoutSeconds) =>
        new(cell.Family, cell.Variant, timeoutSeconds) { Sysctls = cell.Sysctls, Suites = cell.Suites };
}
