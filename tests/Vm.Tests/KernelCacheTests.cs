using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Kernels;
using MptcpMatrix.Vm.Tests.Support;

namespace MptcpMatrix.Vm.Tests;

public sealed class KernelCacheTests : IDisposable
{
    private readonly DirectoryInfo _cache = Directory.CreateTempSubdirectory("mptcpmatrix-cachetest-");

    public void Dispose() => _cache.Delete(recursive: true);

    [Fact]
    public async Task From_7_x_the_kernel_comes_with_its_separate_modules_package_and_a_modules_dep()
    {
        TestKernels.RequireDebianArchive();
        var ct = TestContext.Current.CancellationToken;

        var sid = await new KernelResolver(new KernelCache(_cache.FullName)).ResolveAsync(TestKernels.Sid, ct);

        // The image is in linux-binary-<ver>, the modules in linux-modules-<ver> (both dependencies of linux-image-<ver>).
        Assert.StartsWith("linux-binary-", sid.Package, StringComparison.Ordinal);
        Assert.NotNull(sid.ModulesDir);
        Assert.True(File.Exists(Path.Combine(sid.ModulesDir!, "modules.dep")), "depmod ran over the modules");
        Assert.Contains(File.ReadLines(Path.Combine(sid.ModulesDir!, "modules.dep")), l => l.Contains("xt_TCPOPTSTRIP.ko", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_corrupted_cached_kernel_is_detected_and_fetched_again()
    {
        TestKernels.RequireDebianArchive();
        var ct = TestContext.Current.CancellationToken;
        var cache = new KernelCache(_cache.FullName);
        var resolver = new KernelResolver(cache);
        var first = await resolver.ResolveAsync(TestKernels.Bookworm, ct);
        var good = await File.ReadAllBytesAsync(first.Vmlinuz, ct);

        await using (var file = new FileStream(first.Vmlinuz, FileMode.Open)) file.SetLength(file.Length / 2);
        var listed = Assert.Single(await cache.ListAsync(ct));
        Assert.Contains("does not match the manifest", listed.Problem);
        Assert.Null(await cache.TryGetAsync(first.PackageSha256!, ct));

        var again = await resolver.ResolveAsync(TestKernels.Bookworm, ct);

        Assert.Equal(first.Sha256, again.Sha256);
        Assert.Equal(good, await File.ReadAllBytesAsync(again.Vmlinuz, ct));
        Assert.Null(Assert.Single(await cache.ListAsync(ct)).Problem);
        Assert.Empty(Directory.GetDirectories(cache.TempDir));
    }

    [Fact]
    public async Task A_url_kernel_whose_download_does_not_match_its_pin_is_refused_naming_both_hashes()
    {
        var ct = TestContext.Current.CancellationToken;
        var image = await BzImageFixtureAsync();
        var sha = await Hashing.Sha256FileAsync(image, ct);
        using var server = LoopbackHttpServer.ServingFile(image);
        var cache = new KernelCache(_cache.FullName);
        var wrong = new string('0', 64);

        var e = await Assert.ThrowsAsync<KernelIntegrityException>(() =>
            new UrlKernelProvider(cache).ResolveAsync(new KernelSource("url", Url: server.Url, Sha256: wrong), KernelFetchOptions.Default, ct));
        Assert.Equal(wrong, e.Expected);
        Assert.Equal(sha, e.Received);
        Assert.Contains($"expected {wrong}, received {sha}", e.Message);
        Assert.Empty(await cache.ListAsync(ct));

        var ok = await new UrlKernelProvider(cache).ResolveAsync(new KernelSource("url", Url: server.Url, Sha256: sha.ToUpperInvariant()), KernelFetchOptions.Default, ct);
        Assert.Equal(sha, ok.Sha256);
        Assert.Equal(BzImage.ReadRelease(image), ok.Release);
        Assert.Equal(2, server.Requests);
    }

    [Fact]
    public async Task Concurrent_fetches_of_one_kernel_share_a_single_verified_cache_entry()
    {
        var ct = TestContext.Current.CancellationToken;
        var image = await BzImageFixtureAsync();
        var sha = await Hashing.Sha256FileAsync(image, ct);
        using var server = LoopbackHttpServer.ServingFile(image);
        var source = new KernelSource("url", Url: server.Url, Sha256: sha);

        var images = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            Task.Run(() => new UrlKernelProvider(new KernelCache(_cache.FullName)).ResolveAsync(source, KernelFetchOptions.Default, ct), ct)));

        Assert.Single(images.Select(i => i.Vmlinuz).Distinct());
        Assert.Equal(1, server.Requests);
        Assert.Single(await new KernelCache(_cache.FullName).ListAsync(ct));
        Assert.Empty(Directory.GetDirectories(new KernelCache(_cache.FullName).TempDir));
    }

    [Fact]
    public async Task The_host_kernel_cannot_be_booted_and_says_which_sources_can()
    {
        var e = await Assert.ThrowsAsync<KernelException>(() => new KernelResolver(new KernelCache(_cache.FullName)).ResolveAsync(KernelSource.Host, TestContext.Current.CancellationToken));
        Assert.Contains("cannot be booted", e.Message);
        Assert.Contains("debian, path or url", e.Message);
    }

    [Fact]
    public async Task A_path_kernel_is_used_in_place_with_the_config_found_next_to_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var image = await BzImageFixtureAsync();
        var release = BzImage.ReadRelease(image)!;
        var dir = Directory.CreateDirectory(Path.Combine(_cache.FullName, "boot"));
        var copy = Path.Combine(dir.FullName, "vmlinuz-" + release);
        File.Copy(image, copy);
        await File.WriteAllTextAsync(Path.Combine(dir.FullName, "config-" + release), "# CONFIG_MPTCP is not set\n", ct);

        var resolved = await new PathKernelProvider().ResolveAsync(new KernelSource("path", Path: copy), KernelFetchOptions.Default, ct);
        Assert.Equal(copy, resolved.Vmlinuz);
        Assert.False(resolved.Mptcp.Testable);

        var missing = await Assert.ThrowsAsync<KernelException>(() =>
            new PathKernelProvider().ResolveAsync(new KernelSource("path", Path: "/nonexistent/vmlinuz"), KernelFetchOptions.Default, ct));
        Assert.Contains("/nonexistent/vmlinuz does not exist", missing.Message);
    }

    /// <summary>A real bzImage to serve: the cached bookworm kernel (fetched through the provider on first use).</summary>
    private static async Task<string> BzImageFixtureAsync() => (await TestKernels.GetAsync(TestKernels.Bookworm)).Vmlinuz;
}
