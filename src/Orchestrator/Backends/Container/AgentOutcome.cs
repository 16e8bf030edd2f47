using MptcpMatrix.Contracts;
using MptcpMatrix.Orchestrator.Cells;

namespace MptcpMatrix.Orchestrator.Backends.Container;

/// <summary>A cell's verdict from the agent's report.</summary>
internal sealed record AgentOutcome(CellStatus Status, string? Reason, AgentReport Report);
