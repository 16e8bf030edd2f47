using MptcpMatrix.Orchestrator.Backends;
using MptcpMatrix.TestSupport;

namespace MptcpMatrix.Container.Tests.Support;

/// <summary>A temporary output directory and a <see cref="RunContext"/> on it; deleted on dispose.</summary>
public sealed class TestRun : IDisposable
{
    public TestRun(AgentArtifacts? agent = null)
    {
        OutDir = Directory.CreateTempSubdirectory("mm-container-test-").FullName;
        Stages = [];
        Context = new RunContext(OutDir, agent ?? AgentArtifacts.Locate(RepoPaths.AgentDir), CacheDir, (cell, stage) =>
        {
            lock (Stages) Stages.Add((cell, stage));
        });
    }

    /// <summary>Shared across tests so the debootstrap rootfs is built once per machine.</summary>
    public static string CacheDir => Environment.GetEnvironmentVariable("MPTCPMATRIX_CACHE") ?? Orchestrator.Kernels.KernelCache.DefaultRoot();

    public string OutDir { get; }
    public RunContext Context { get; }
    public List<(string Cell, CellStage Stage)> Stages { get; }

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
