using MptcpMatrix.Orchestrator.Backends.Vm;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Infrastructure;
using MptcpMatrix.Orchestrator.Kernels;
using MptcpMatrix.Orchestrator.Running;
using MptcpMatrix.TestSupport.Runs;
using MptcpMatrix.Vm.Tests.Support;

namespace MptcpMatrix.Vm.Tests;

/// <summary>
/// <c>source: url</c> downloads from a loopback server: what is worth retrying (5xx, network) is, what is not (4xx, a
/// SHA-256 mismatch, a download past the size cap) fails at once naming the URL, and nothing unverified is cached.
/// </summary>
public sealed class UrlKernelTests : IDisposable
{
    private static readonly byte[] NotAKernel = [.. Enumerable.Range(0, 5000).Select(i => (byte)i)];
    private readonly DirectoryInfo _cache = Directory.CreateTempSubdirectory("mptcpmatrix-urltest-");

    public void Dispose() => _cache.Delete(recursive: true);

    private static KernelSource Source(LoopbackHttpServer server, string? sha256 = null) =>
        new("url", Url: server.Url, Sha256: sha256 ?? new string('a', 64));

    private async Task AssertNothingCachedAsync()
    {
        var cache = new KernelCache(_cache.FullName);
        Assert.Empty(await cache.ListAsync(TestContext.Current.CancellationToken));
        Assert.Empty(Directory.GetDirectories(cache.TempDir));
    }

    [Theory]
    [InlineData(404, "Not Found")]
    [InlineData(403, "Forbidden")]
    public async Task A_client_error_is_fetched_once_and_named_with_the_url(int status, string phrase)
    {
        using var server = new LoopbackHttpServer(_ => new HttpReply(status, "no such kernel"u8.ToArray()));

        var e = await Assert.ThrowsAsync<KernelException>(() =>
            new UrlKernelProvider(new KernelCache(_cache.FullName)).ResolveAsync(Source(server), KernelFetchOptions.Default, TestContext.Current.CancellationToken));

        Assert.True(e.Permanent);
        Assert.Equal($"kernel url:{server.Url}: HTTP {status} ({phrase}) from {server.Url}; a client error is not retried: check the url", e.Message);
        Assert.Equal(1, server.Requests);
        await AssertNothingCachedAsync();
    }

    [Fact]
    public async Task A_server_error_is_retried_twice_then_named_with_the_url()
    {
        using var server = new LoopbackHttpServer(_ => new HttpReply(503, []));

        var e = await Assert.ThrowsAsync<KernelException>(() =>
            new UrlKernelProvider(new KernelCache(_cache.FullName)).ResolveAsync(Source(server), KernelFetchOptions.Default, TestContext.Current.CancellationToken));

        Assert.False(e.Permanent);
        Assert.StartsWith($"kernel url:{server.Url}: downloading {server.Url} failed: ", e.Message);
        Assert.Contains("503", e.Message);
        Assert.Equal(3, server.Requests);
    }

    [Theory]
    [InlineData(true, "announces 5000 bytes, more than the 4096 bytes a kernel image may have")]
    [InlineData(false, "sent more than the 4096 bytes a kernel image may have; the download was stopped")]
    public async Task A_download_past_the_size_cap_is_stopped_and_not_retried(bool sendLength, string expected)
    {
        using var server = new LoopbackHttpServer(_ => new HttpReply(200, NotAKernel, sendLength));

        var e = await Assert.ThrowsAsync<KernelException>(() =>
            new UrlKernelProvider(new KernelCache(_cache.FullName), maxDownloadBytes: 4096).ResolveAsync(Source(server), KernelFetchOptions.Default, TestContext.Current.CancellationToken));

        Assert.True(e.Permanent);
        Assert.Equal($"kernel url:{server.Url}: {server.Url} {expected}", e.Message);
        Assert.Equal(1, server.Requests);
        await AssertNothingCachedAsync();
    }

    [Fact]
    public async Task A_pinned_download_that_is_not_a_kernel_image_says_what_it_is()
    {
        var text = "<html>moved</html>\n"u8.ToArray();
        using var server = new LoopbackHttpServer(_ => new HttpReply(200, text));
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(text));

        var e = await Assert.ThrowsAsync<KernelException>(() =>
            new UrlKernelProvider(new KernelCache(_cache.FullName)).ResolveAsync(Source(server, sha), KernelFetchOptions.Default, TestContext.Current.CancellationToken));

        Assert.True(e.Permanent);
        Assert.EndsWith("the download is neither a kernel package (.deb) nor a bootable x86 kernel image: it is text starting with '<html>moved</html>'", e.Message);
        await AssertNothingCachedAsync();
    }

    [Fact]
    public async Task In_a_run_a_sha256_mismatch_is_not_retried_and_the_infra_error_names_the_url_and_the_kernel()
    {
        TestKernels.RequireQemu();
        using var server = new LoopbackHttpServer(_ => new HttpReply(200, NotAKernel));
        using var run = new TestRun(_cache.FullName);
        var pin = new string('a', 64);
        var cell = TestRun.Cell(Source(server, pin), "ipv4", kernelName: "dl") with { Retries = 2 };
        var runner = new MatrixRunner(_ => new VmBackend(), new PlainProgress(TextWriter.Null, false));

        await runner.RunAsync(new RunRequest("test", [cell], run.OutDir, false, 1, run.Context.Agent, run.Context.CacheDir, new Orchestrator.Config.VmSettings()),
            TestContext.Current.CancellationToken);

        var result = ResultStore.ReadCell(ResultStore.CellPath(run.OutDir, cell.Id));
        var received = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(NotAKernel));
        Assert.Equal((CellStatus.InfraError, 0), (result.Status, result.RetriesUsed));
        Assert.Equal($"kernel url:{server.Url}: SHA-256 mismatch: expected {pin}, received {received} (kernel 'dl' of the matrix; not retried)", result.Reason);
        Assert.Equal(1, server.Requests);
        Assert.False(File.Exists(Path.Combine(run.OutDir, "logs", cell.Id, "retries.log")));
        await AssertNothingCachedAsync();
    }
}
