using MptcpMatrix.Orchestrator.Backends;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Config;

namespace MptcpMatrix.Orchestrator.Running;

/// <summary>What <c>matrix run</c> asks of the <see cref="MatrixRunner"/>.</summary>
/// <param name="KernelOrder">matrix.yml's kernel names in order (for run.json; null = the order the cells first name them).</param>
/// <param name="Config">The matrix file's bytes as loaded: a new run keeps them as OUT/config.yml with their hash in run.json
/// (null: no copy, e.g. in-process tests).</param>
internal sealed record RunRequest(
    string ConfigFile,
    IReadOnlyList<CellSpec> Cells,
    string OutDir,
    bool Resume,
    int Parallel,
    AgentArtifacts Agent,
    string CacheDir,
    VmSettings Vm,
    IReadOnlyList<string>? KernelOrder = null,
    ConfigSnapshot? Config = null);
