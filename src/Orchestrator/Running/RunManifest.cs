using MptcpMatrix.Orchestrator.Cells;

namespace MptcpMatrix.Orchestrator.Running;

/// <summary><c>OUT/run.json</c>: what a run planned and whether it finished (<see cref="Partial"/> stays true after a crash or Ctrl-C).</summary>
public sealed record RunManifest(
    int SchemaVersion,
    string ConfigFile,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    bool Partial,
    bool Interrupted,
    IReadOnlyList<CellSpec> Plan)
{
    public const int CurrentSchemaVersion = 1;
}
