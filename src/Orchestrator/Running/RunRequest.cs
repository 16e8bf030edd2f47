using MptcpMatrix.Orchestrator.Backends;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Config;

namespace MptcpMatrix.Orchestrator.Running;

/// <summary>What <c>matrix run</c> asks of the <see cref="MatrixRunner"/>.</summary>
/// <param name="KernelOrder">matrix.yml's kernel names in order (for run.json; null = the order the cells first name them).</param>
public sealed record RunRequest(
    string ConfigFile,
    IReadOnlyList<CellSpec> Cells,
    string OutDir,
    bool Resume,
    int Parallel,
    AgentArtifacts Agent,
    string CacheDir,
    VmSettings Vm,
    IReadOnlyList<string>? KernelOrder = null);
