using MptcpMatrix.Contracts;

namespace MptcpMatrix.Orchestrator.Cells;

/// <summary>What <c>DIR/cells/&lt;id&gt;.json</c> holds: the cell, its verdict, the agent's report and provenance.</summary>
internal sealed record CellResult(
    int SchemaVersion,
    CellSpec Cell,
    CellStatus Status,
    string? Reason,
    AgentReport? Agent,
    Provenance Provenance,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    int RetriesUsed,
    IReadOnlyList<string> Logs)
{
    public const int CurrentSchemaVersion = 1;
}
