using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Infrastructure;

namespace MptcpMatrix.Orchestrator.Kernels;

/// <summary><c>source: url</c> + <c>sha256</c>: downloaded once into the cache, checked against the pinned SHA-256 before use.</summary>
public sealed class UrlKernelProvider(KernelCache cache, HttpClient? http = null) : IKernelProvider
{
    private readonly HttpClient _http = http ?? new HttpClient { Timeout = TimeSpan.FromMinutes(5) };

    public string Kind => "url";

    public async Task<KernelImage> ResolveAsync(KernelSource source, KernelFetchOptions options, CancellationToken cancellationToken)
    {
        var name = source.ToString();
        if (string.IsNullOrEmpty(source.Url)) throw new KernelException(name, "source: url needs url: <address of a bzImage>");
        if (!Hashing.IsSha256(source.Sha256))
            throw new KernelException(name, $"source: url needs sha256: <64 hex digits> pinning the download (got '{source.Sha256}')");
        var key = source.Sha256!.ToLowerInvariant();
        if (await cache.TryGetAsync(key, cancellationToken) is { } cached) return cached;

        using var held = await cache.LockAsync(key, cancellationToken);
        if (await cache.TryGetAsync(key, cancellationToken) is { } raced) return raced;
        var staged = cache.NewTempDir();
        try
        {
            var target = Path.Combine(staged, "vmlinuz");
            await Pipelines.Download.ExecuteAsync(async ct =>
            {
                using var response = await _http.GetAsync(source.Url, HttpCompletionOption.ResponseHeadersRead, ct);
                response.EnsureSuccessStatusCode();
                await using var file = File.Create(target);
                await response.Content.CopyToAsync(file, ct);
            }, cancellationToken);
            var received = await Hashing.Sha256FileAsync(target, cancellationToken);
            if (received != key) throw new KernelIntegrityException($"kernel {name}", key, received);
            var release = BzImage.ReadRelease(target) ?? throw new KernelException(name, "the download is not an x86 bzImage (no HdrS boot header)");
            return await cache.CommitAsync(staged, key, name, release, null, null, null, cancellationToken);
        }
        finally
        {
            KernelCache.TryDelete(staged);
        }
    }
}
