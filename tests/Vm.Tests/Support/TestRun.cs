using System.Collections.Concurrent;
using MptcpMatrix.Orchestrator.Backends;
using MptcpMatrix.Orchestrator.Cells;

namespace MptcpMatrix.Vm.Tests.Support;

/// <summary>A throw-away output directory and <see cref="RunContext"/> for one test.</summary>
public sealed class TestRun : IDisposable
{
    public TestRun(string? cacheDir = null)
    {
        OutDir = Directory.CreateTempSubdirectory("mptcpmatrix-vmtest-out-").FullName;
        Context = new RunContext(OutDir, AgentArtifacts.Locate(TestSupport.RepoPaths.AgentDir), cacheDir ?? TestKernels.CacheRoot,
            (id, stage) => Stages.Enqueue((id, stage)));
    }

    public string OutDir { get; }
    public RunContext Context { get; }
    public ConcurrentQueue<(string Id, CellStage Stage)> Stages { get; } = new();

    public static CellSpec Cell(KernelSource kernel, string family, string variant = "default", IReadOnlyDictionary<string, string>? sysctls = null,
        int timeout = 120, string accel = "tcg", string backend = "vm", string kernelName = "k") =>
        new($"{backend}-{kernelName}-{family}-{variant}", kernelName, kernel, family, backend, variant, sysctls ?? new Dictionary<string, string>(), null, 1,
            timeout, 0, accel);

    public void Dispose()
    {
        try
        {
            Directory.Delete(OutDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
