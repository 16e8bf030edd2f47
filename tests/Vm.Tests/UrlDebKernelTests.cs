using MptcpMatrix.Contracts;
using MptcpMatrix.Orchestrator.Backends.Vm;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Kernels;
using MptcpMatrix.TestSupport;
using MptcpMatrix.TestSupport.Runs;
using MptcpMatrix.Vm.Tests.Support;

namespace MptcpMatrix.Vm.Tests;

/// <summary>
/// <c>source: url</c> with a kernel package: a real Debian kernel .deb served from loopback, verified against its pinned
/// SHA-256 before it is unpacked, gives the image, its config and its modules, and boots to a verdict.
/// </summary>
public sealed class UrlDebKernelTests : IDisposable
{
    private readonly DirectoryInfo _cache = Directory.CreateTempSubdirectory("mptcpmatrix-urldeb-");

    public void Dispose() => _cache.Delete(recursive: true);

    private static async Task<(string Deb, string Sha256)> BookwormDebAsync()
    {
        TestKernels.RequireDebianArchive();
        var deb = await TestKernels.DebAsync(TestKernels.Bookworm);
        return (deb, await Hashing.Sha256FileAsync(deb, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_kernel_deb_with_its_sha256_gives_the_image_its_config_and_its_modules()
    {
        var ct = TestContext.Current.CancellationToken;
        var (deb, sha) = await BookwormDebAsync();
        using var server = LoopbackHttpServer.ServingFile(deb);
        var control = await KernelPackage.ControlAsync("test", deb, ct);

        var image = await new UrlKernelProvider(new KernelCache(_cache.FullName)).ResolveAsync(
            new KernelSource("url", Url: server.Url, Sha256: sha), KernelFetchOptions.Default, ct);

        Assert.Equal($"{control.Package}={control.Version}", image.Package);
        Assert.Equal(control.Package["linux-image-".Length..], image.Release);
        Assert.Equal(sha, image.PackageSha256);
        Assert.NotNull(BzImage.ReadRelease(image.Vmlinuz));
        Assert.True(image.Mptcp.Known && image.Mptcp.Testable, image.Mptcp.Reason);
        Assert.NotNull(image.ModulesDir);
        Assert.True(File.Exists(Path.Combine(image.ModulesDir!, "modules.dep")), "depmod ran over the package's modules");
        Assert.Null(Assert.Single(await new KernelCache(_cache.FullName).ListAsync(ct)).Problem);
    }

    [Fact]
    public async Task A_kernel_deb_whose_sha256_does_not_match_is_refused_before_anything_is_unpacked()
    {
        var ct = TestContext.Current.CancellationToken;
        var (deb, sha) = await BookwormDebAsync();
        using var server = LoopbackHttpServer.ServingFile(deb);
        var wrong = sha[..^4] + (sha.EndsWith("0000", StringComparison.Ordinal) ? "1111" : "0000");
        var cache = new KernelCache(_cache.FullName);

        var e = await Assert.ThrowsAsync<KernelIntegrityException>(() =>
            new UrlKernelProvider(cache).ResolveAsync(new KernelSource("url", Url: server.Url, Sha256: wrong), KernelFetchOptions.Default, ct));

        Assert.Equal(wrong, e.Expected);
        Assert.Equal(sha, e.Received);
        Assert.Empty(await cache.ListAsync(ct));
        Assert.Empty(Directory.GetDirectories(cache.TempDir));
    }

    [Fact]
    public async Task A_kernel_deb_served_from_loopback_boots_under_qemu_and_passes()
    {
        TestKernels.RequireQemu();
        Requires.Capability(File.Exists(Path.Combine(RepoPaths.AgentBundle, "opt/mptcp-agent/mptcp-agent")), "the built agent bundle", "scripts/build-agent.sh");
        var (deb, sha) = await BookwormDebAsync();
        using var server = LoopbackHttpServer.ServingFile(deb);
        var kernel = new KernelSource("url", Url: server.Url, Sha256: sha);
        using var run = new TestRun(_cache.FullName);

        var result = Assert.Single(await new VmBackend().RunAsync([TestRun.Cell(kernel, "ipv4", kernelName: "deb")], run.Context, TestContext.Current.CancellationToken));

        Assert.True(result.Status == CellStatus.Pass, $"{result.Status}: {result.Reason}");
        Assert.StartsWith("linux-image-6.1.", result.Provenance.KernelPackage);
        Assert.Contains(Assert.Single(result.Agent!.Families).Checks, c => c.Outcome == CheckOutcome.Pass);
        Assert.Equal(1, server.Requests);
    }
}
