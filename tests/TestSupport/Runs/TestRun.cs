using System.Collections.Concurrent;
using MptcpMatrix.Orchestrator.Backends;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Kernels;

namespace MptcpMatrix.TestSupport.Runs;

/// <summary>A throw-away output directory and a <see cref="RunContext"/> on it for one backend test; deleted on dispose.</summary>
internal sealed class TestRun : IDisposable
{
    /// <param name="agent">The agent the cells run (default: the built one, <see cref="RepoPaths.AgentDir"/>).</param>
    /// <param name="cacheDir">The kernel and image cache (default: <see cref="CacheDir"/>).</param>
    public TestRun(AgentArtifacts? agent = null, string? cacheDir = null)
    {
        OutDir = Directory.CreateTempSubdirectory("mptcpmatrix-test-out-").FullName;
        Context = new RunContext(OutDir, agent ?? AgentArtifacts.Locate(RepoPaths.AgentDir), cacheDir ?? CacheDir, (cell, stage) => Stages.Enqueue((cell, stage)));
    }

    public TestRun(string cacheDir)
        : this(null, cacheDir)
    {
    }

    /// <summary>Shared across tests (<c>MPTCPMATRIX_CACHE</c>, else the orchestrator's default) so kernels and rootfs are fetched once per machine.</summary>
    public static string CacheDir => Environment.GetEnvironmentVariable("MPTCPMATRIX_CACHE") ?? KernelCache.DefaultRoot();

    public string OutDir { get; }

    /// <summary>Every stage the backend reported, in order.</summary>
    public ConcurrentQueue<(string Cell, CellStage Stage)> Stages { get; } = new();

    public RunContext Context { get; }

    /// <summary>A cell of <paramref name="backend"/> (default vm) on <paramref name="kernel"/>.</summary>
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
