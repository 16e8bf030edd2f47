using MptcpMatrix.Orchestrator.Cells;

namespace MptcpMatrix.Orchestrator.Running;

/// <summary><c>OUT/run.json</c>: what a run planned and whether it finished (<see cref="Partial"/> stays true after a crash or Ctrl-C).</summary>
/// <param name="ConfigFile">The matrix file the run was started with (absolute).</param>
/// <param name="Kernels">Every kernel name of matrix.yml in its order (also the unselected ones), so reports list kernels
/// in the plan's order even when merged from one-cell artifacts.</param>
/// <param name="ConfigSha256">SHA-256 of that file's bytes as the run read them; the same bytes are kept as
/// <see cref="ResultStore.ConfigCopyName"/> next to run.json, and <c>--resume</c> loads them (null: a run from before copies were kept).</param>
internal sealed record RunManifest(
    int SchemaVersion,
    string ConfigFile,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    bool Partial,
    bool Interrupted,
    IReadOnlyList<CellSpec> Plan,
    IReadOnlyList<string>? Kernels = null,
    string? ConfigSha256 = null)
{
    public const int CurrentSchemaVersion = 1;
}
