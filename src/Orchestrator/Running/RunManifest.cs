using MptcpMatrix.Orchestrator.Cells;

namespace MptcpMatrix.Orchestrator.Running;

/// <summary><c>OUT/run.json</c>: what a run planned and whether it finished (<see cref="Partial"/> stays true after a crash or Ctrl-C).</summary>
/// <param name="Kernels">Every kernel name of matrix.yml in its order (also the unselected ones), so reports list kernels
/// in the plan's order even when merged from one-cell artifacts.</param>
public sealed record RunManifest(
    int SchemaVersion,
    string ConfigFile,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    bool Partial,
    bool Interrupted,
    IReadOnlyList<CellSpec> Plan,
    IReadOnlyList<string>? Kernels = null)
{
    public const int CurrentSchemaVersion = 1;
}
