using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Infrastructure;

namespace MptcpMatrix.Orchestrator.Kernels;

/// <summary>
/// <c>source: url</c> + <c>sha256</c>: a bzImage or a kernel package (.deb, of any distribution), downloaded once into the
/// cache and checked against the pinned SHA-256 before anything is used or unpacked; from a .deb the image, its config and
/// its modules are taken (<see cref="KernelPackage"/>).
/// Network errors and HTTP 5xx are retried (<see cref="Pipelines.Download"/>); an HTTP 4xx, a download larger than
/// <see cref="MaxDownloadBytes"/>, a SHA-256 mismatch and a download that is not a kernel image are not: they are
/// <see cref="KernelException.Permanent"/> or a <see cref="KernelIntegrityException"/>, and the backends do not retry those either.
/// </summary>
internal sealed class UrlKernelProvider(KernelCache cache, HttpClient? http = null, long maxDownloadBytes = UrlKernelProvider.MaxDownloadBytes) : IKernelProvider
{
    /// <summary>A bzImage is 5 to 15 MB, a kernel .deb with its modules up to ~110 MB; nothing a kernel url should serve comes near this.</summary>
    public const long MaxDownloadBytes = 256L * 1024 * 1024;

    private readonly HttpClient _http = http ?? new HttpClient { Timeout = TimeSpan.FromMinutes(5) };

    public string Kind => "url";

    public async Task<KernelImage> ResolveAsync(KernelSource source, KernelFetchOptions options, CancellationToken cancellationToken)
    {
        var name = source.ToString();
        if (string.IsNullOrEmpty(source.Url)) throw new KernelException(name, "source: url needs url: <address of a bzImage or a kernel .deb>", permanent: true);
        if (!Hashing.IsSha256(source.Sha256))
            throw new KernelException(name, $"source: url needs sha256: <64 hex digits> pinning the download (got '{source.Sha256}')", permanent: true);
        var key = source.Sha256!.ToLowerInvariant();
        if (await cache.TryGetAsync(key, cancellationToken) is { } cached) return cached;

        using var held = await cache.LockAsync(key, cancellationToken);
        if (await cache.TryGetAsync(key, cancellationToken) is { } raced) return raced;
        var staged = cache.NewTempDir();
        try
        {
            var target = Path.Combine(staged, "download");
            try
            {
                await Pipelines.Download.ExecuteAsync(async ct => await DownloadAsync(name, source.Url, target, ct), cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or IOException or Polly.Timeout.TimeoutRejectedException ||
                                      (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // Retried and still failing (or HttpClient's own timeout): the runner may try the batch again later.
                throw new KernelException(name, $"downloading {source.Url} failed: {e.Message}", e);
            }

            var received = await Hashing.Sha256FileAsync(target, cancellationToken);
            if (received != key) throw new KernelIntegrityException($"kernel {name}", key, received);
            if (KernelPackage.IsDeb(target))
            {
                // A kernel package: verified above as a whole, then unpacked; its image, config and modules make the entry.
                var extracted = Path.Combine(staged, "x");
                await KernelPackage.ExtractAsync(name, target, extracted, cancellationToken);
                var (package, version) = await KernelPackage.ControlAsync(name, target, cancellationToken);
                var (entry, debRelease) = await KernelPackage.StageAsync(extracted, staged, name, $"{package}={version} from {source.Url}", cancellationToken);
                if (BzImage.ReadRelease(Path.Combine(entry, "vmlinuz")) is null)
                    throw new KernelException(name, $"the image in {package}={version} is not a bootable x86 kernel image: it is {BzImage.Problem(Path.Combine(entry, "vmlinuz"))}", permanent: true);
                return await cache.CommitAsync(entry, key, name, debRelease, package, version, null, cancellationToken);
            }

            var release = BzImage.ReadRelease(target)
                ?? throw new KernelException(name, $"the download is neither a kernel package (.deb) nor a bootable x86 kernel image: it is {BzImage.Problem(target)}", permanent: true);
            File.Move(target, Path.Combine(staged, "vmlinuz"));
            return await cache.CommitAsync(staged, key, name, release, null, null, null, cancellationToken);
        }
        finally
        {
            KernelCache.TryDelete(staged);
        }
    }

    private async Task DownloadAsync(string name, string url, string target, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        KernelDownload.ThrowOnError(name, url, response, "; a client error is not retried: check the url");
        if (response.Content.Headers.ContentLength is { } announced && announced > maxDownloadBytes)
            throw new KernelException(name, $"{url} announces {announced} bytes, more than the {maxDownloadBytes} bytes a kernel image may have", permanent: true);

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        await KernelDownload.CopyAsync(body, target, maxDownloadBytes, name, url, $"the {KernelDownload.Bytes(maxDownloadBytes)} a kernel image may have", cancellationToken);
    }
}
