using System.Diagnostics;
using MptcpMatrix.Contracts;
using MptcpMatrix.Orchestrator.Backends.Vm;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Kernels;
using MptcpMatrix.TestSupport;
using MptcpMatrix.TestSupport.Runs;
using MptcpMatrix.Vm.Tests.Support;

namespace MptcpMatrix.Vm.Tests;

/// <summary>
/// <c>source: build</c> for real: Debian's <c>linux-source-6.1</c> tarball unpacked to a temp dir, <c>tinyconfig</c> plus
/// what a cell needs plus a fragment, built with make into the shared kernel cache (so a second run, which unpacks the
/// same files with the same sizes and mtimes, reuses the image instead of building), booted by the vm backend to a verdict.
/// </summary>
public sealed class LocalTreeBuildTests : IDisposable
{
    public const string Tarball = "/usr/src/linux-source-6.1.tar.xz";
    private static readonly TimeSpan UnpackTimeout = TimeSpan.FromMinutes(10);

    /// <summary>The test's config fragment (<c>CONFIG_LOCALVERSION</c>); .ci/run builds the same tree with it before the tests.</summary>
    public static string Fragment => Path.Combine(RepoPaths.Root, "tests", "Vm.Tests", "Fixtures", "tiny-tree.config");

    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("mptcpmatrix-tree-");
    private string? _buildDir;

    public void Dispose()
    {
        // The build directory is per tree path, and this tree's path is a temp dir no later run will have.
        if (_buildDir is not null) KernelCache.TryDelete(_buildDir);
        _work.Delete(recursive: true);
    }

    private static void RequireKernelBuild()
    {
        Requires.Capability(File.Exists(Tarball), "Debian's kernel source (" + Tarball + ")", "apt-get install linux-source-6.1");
        foreach (var tool in new[] { "make", "gcc", "flex", "bison", "bc", "tar", "xz" })
            Requires.Executable(tool, "apt-get install make gcc flex bison bc libelf-dev xz-utils");
    }

    private async Task<string> UnpackAsync(CancellationToken ct)
    {
        var tree = Path.Combine(_work.FullName, "linux-source-6.1");
        Directory.CreateDirectory(tree);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(UnpackTimeout);
        await Tools.RunAsync("test", "tar", ["-xf", Tarball, "-C", tree, "--strip-components=1"], limit.Token);
        return tree;
    }

    [Fact]
    public async Task Debians_6_1_source_from_tinyconfig_builds_once_into_the_cache_and_boots_to_a_verdict()
    {
        RequireKernelBuild();
        TestKernels.RequireQemu();
        Requires.Capability(File.Exists(Path.Combine(RepoPaths.AgentBundle, "opt/mptcp-agent/mptcp-agent")), "the built agent bundle", "scripts/build-agent.sh");
        var ct = TestContext.Current.CancellationToken;
        var tree = await UnpackAsync(ct);
        var fragment = Fragment;
        var kernel = new KernelSource("build", Tree: tree, Base: "tinyconfig", ConfigFragments: [fragment]);
        var cache = new KernelCache(TestKernels.CacheRoot);
        var provider = new BuildKernelProvider(cache);
        _buildDir = provider.BuildDir(tree);

        var watch = Stopwatch.StartNew();
        var image = await provider.ResolveAsync(kernel, KernelFetchOptions.Default, ct);
        var first = watch.Elapsed;
        watch.Restart();
        var again = await provider.ResolveAsync(kernel, KernelFetchOptions.Default, ct);
        TestContext.Current.SendDiagnosticMessage($"build or reuse: {first.TotalSeconds:0.0} s, then reuse: {watch.Elapsed.TotalSeconds:0.0} s");

        Assert.EndsWith("-mptcpmatrix-tiny", image.Release);
        Assert.StartsWith("6.1.", image.Release);
        Assert.Equal(image.Vmlinuz, again.Vmlinuz);
        Assert.StartsWith(cache.KernelsDir, image.Vmlinuz);
        Assert.True(image.Mptcp.Testable, image.Mptcp.Reason);
        KernelConfigFile.CheckVmBoot(image.Config, out var lacks, out _);
        Assert.Empty(lacks);
        Assert.Contains("# CONFIG_MODULES is not set", File.ReadAllLines(image.Config!));

        using var run = new TestRun();
        var result = Assert.Single(await new VmBackend().RunAsync([TestRun.Cell(kernel, "ipv4", kernelName: "tiny", timeout: 300)], run.Context, ct));

        Assert.True(result.Status == CellStatus.Pass, $"{result.Status}: {result.Reason}");
        Assert.Equal(image.Release, result.Provenance.KernelRelease);
        Assert.Equal(image.Sha256, result.Provenance.KernelSha256);
        Assert.Equal($"build:{tree}", result.Provenance.KernelSource);
        Assert.Contains(Assert.Single(result.Agent!.Families).Checks, c => c.Outcome == CheckOutcome.Pass);
    }
}
