using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Kernels;
using MptcpMatrix.Orchestrator.Running;
using MptcpMatrix.Orchestrator.Tests.Support;

namespace MptcpMatrix.Orchestrator.Tests.Kernels;

/// <summary>A run builds its local-tree kernels before any cell starts, so a build longer than a cell's timeout is not cut.</summary>
public sealed class KernelPrebuildTests : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    [Fact]
    public async Task A_build_longer_than_the_cells_timeout_finishes_before_the_cells_and_is_built_once_for_all_of_them()
    {
        var tree = new FakeKernelTree(dir, bzImage: $"sleep 3; mkdir -p \"$obj/arch/x86/boot\"; cp '{Path.Combine(dir.Path, "fake-bzImage")}' \"$obj/arch/x86/boot/bzImage\"");
        var source = new KernelSource("build", Tree: tree.Tree, Base: "tinyconfig");
        // Two cells of the kernel, each with a 1 s timeout: the 3 s build would not fit in either.
        CellSpec[] cells = [Reports.Spec("tiny", "ipv4", "vm", "default", source) with { TimeoutSeconds = 1 },
            Reports.Spec("tiny", "ipv6", "vm", "default", source) with { TimeoutSeconds = 1 },
            Reports.Spec("host", "ipv4", "host", "default")];
        var provider = new BuildKernelProvider(new KernelCache(Path.Combine(dir.Path, "cache")), tree.Make);
        var output = new StringWriter();

        await KernelPrebuild.RunAsync(cells, (s, ct) => provider.ResolveAsync(s, KernelFetchOptions.Default, ct), output, TestContext.Current.CancellationToken);

        Assert.Equal(["tinyconfig", "olddefconfig", "bzImage"], tree.Targets());
        Assert.Contains($"matrix: kernel tiny: release {FakeKernelTree.Release} ready in", output.ToString(), StringComparison.Ordinal);
        // What the cells then resolve is the cached image: no make runs again.
        var image = await provider.ResolveAsync(source, KernelFetchOptions.Default, TestContext.Current.CancellationToken);
        Assert.Equal(FakeKernelTree.Release, image.Release);
        Assert.Equal(3, tree.Targets().Count);
    }

    [Fact]
    public async Task A_failed_build_is_said_and_left_to_its_cells_and_a_run_without_build_kernels_builds_nothing()
    {
        var tree = new FakeKernelTree(dir, bzImage: "echo 'error: boom' >&2; exit 2");
        var source = new KernelSource("build", Tree: tree.Tree, Base: "tinyconfig");
        var provider = new BuildKernelProvider(new KernelCache(Path.Combine(dir.Path, "cache")), tree.Make);
        var output = new StringWriter();

        await KernelPrebuild.RunAsync([Reports.Spec("tiny", "ipv4", "vm", "default", source)], (s, ct) => provider.ResolveAsync(s, KernelFetchOptions.Default, ct),
            output, TestContext.Current.CancellationToken);
        var none = new StringWriter();
        await KernelPrebuild.RunAsync([Reports.Spec("host", "ipv4", "host", "default")], (_, _) => throw new InvalidOperationException("resolved a non-build kernel"),
            none, TestContext.Current.CancellationToken);

        Assert.Contains("matrix: kernel tiny: ", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("exited with 2", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("(its cells will say so)", output.ToString(), StringComparison.Ordinal);
        Assert.Equal("", none.ToString());
    }
}
