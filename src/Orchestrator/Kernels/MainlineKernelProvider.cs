using System.Net;
using System.Text.RegularExpressions;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Infrastructure;

namespace MptcpMatrix.Orchestrator.Kernels;

/// <summary>
/// <c>source: mainline</c> + <c>version: 6.6</c> (the newest 6.6.y) or <c>6.6.63</c>: upstream releases from a mainline-build
/// archive laid out as Ubuntu's (<c>&lt;base&gt;/v&lt;version&gt;/amd64/linux-image-unsigned-*-generic_*.deb</c>,
/// <c>linux-modules-*-generic_*.deb</c> and <c>CHECKSUMS</c>). Both packages are checked against the SHA-256 lines of
/// <c>CHECKSUMS</c> before anything is unpacked; with <c>mainline.keyring</c> set, <c>CHECKSUMS</c> itself is first checked
/// against its detached signature <c>CHECKSUMS.gpg</c> with gpgv. The image, its config (in the modules package) and its
/// modules make the cache entry, keyed by the image package's SHA-256.
/// </summary>
internal sealed partial class MainlineKernelProvider(KernelCache cache, HttpClient? http = null) : IKernelProvider
{
    /// <summary>Ubuntu's mainline kernel archive, the default of matrix.yml <c>mainline.url</c>.</summary>

    public const long MaxDownloadBytes = 512L * 1024 * 1024;

    private readonly HttpClient _http = http ?? new HttpClient { Timeout = TimeSpan.FromMinutes(10) };

    public string Kind => "mainline";

    [GeneratedRegex("^[0-9]+\\.[0-9]+(\\.[0-9]+)?$")]
    private static partial Regex VersionPattern();

    [GeneratedRegex("href=\"v([0-9]+\\.[0-9]+(?:\\.[0-9]+)?)/\"")]
    private static partial Regex IndexEntry();

    public async Task<KernelImage> ResolveAsync(KernelSource source, KernelFetchOptions options, CancellationToken cancellationToken)
    {
        var name = source.ToString();
        var wanted = source.Version;
        if (wanted is null || !VersionPattern().IsMatch(wanted))
            throw new KernelException(name, $"source: mainline needs version: <major>.<minor> (newest release of the series) or <major>.<minor>.<patch> (got '{wanted}')", permanent: true);
        // No built-in archive: like the Debian mirror, where packages come from is the user's setting, never a host name
        // written into this repository.
        var baseUrl = (options.MainlineUrl ?? throw new KernelException(name,
            "source: mainline needs matrix.yml mainline.url: the base URL of a mainline-build archive laid out as Ubuntu's " +
            "(v<version>/amd64/linux-image-unsigned-*.deb, linux-modules-*.deb, CHECKSUMS)", permanent: true)).TrimEnd('/');
        var sourceKey = $"mainline|{baseUrl}|{wanted}";
        if (!options.Refresh && cache.ReadResolution(sourceKey) is { } known && DateTimeOffset.UtcNow - known.ResolvedAt < options.MaxAge &&
            await cache.TryGetAsync(known.Key, cancellationToken) is { } fresh)
            return fresh;

        var version = wanted.Count(c => c == '.') == 2 ? wanted : await NewestOfSeriesAsync(name, baseUrl, wanted, cancellationToken);
        var dir = $"{baseUrl}/v{version}/amd64";
        var checksums = await GetTextAsync(name, $"{dir}/CHECKSUMS", $"mainline {version} is not in {baseUrl} (no v{version}/amd64/CHECKSUMS)", cancellationToken);
        if (options.MainlineKeyring is { } keyring) await VerifySignatureAsync(name, dir, checksums, keyring, cancellationToken);
        var sums = ParseSha256(checksums);
        var image = sums.Keys.Where(f => f.StartsWith("linux-image-unsigned-", StringComparison.Ordinal) && f.Contains("-generic_", StringComparison.Ordinal) && f.EndsWith("_amd64.deb", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).FirstOrDefault()
            ?? throw new KernelException(name, $"{dir}/CHECKSUMS lists no linux-image-unsigned-*-generic_*_amd64.deb with a SHA-256", permanent: true);
        var modules = sums.Keys.Where(f => f.StartsWith("linux-modules-", StringComparison.Ordinal) && f.Contains("-generic_", StringComparison.Ordinal) && f.EndsWith("_amd64.deb", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).FirstOrDefault();
        var key = sums[image];
        var entry = await cache.TryGetAsync(key, cancellationToken) ?? await FetchAsync(name, dir, image, modules, sums, key, cancellationToken);
        cache.WriteResolution(sourceKey, new KernelResolution(name, key, entry.Package ?? image, DateTimeOffset.UtcNow));
        return entry;
    }

    /// <summary>The newest <c>v&lt;series&gt;.N</c> (or <c>v&lt;series&gt;</c> itself) the archive's index lists; release candidates do not count.</summary>
    private async Task<string> NewestOfSeriesAsync(string name, string baseUrl, string series, CancellationToken cancellationToken)
    {
        var index = await GetTextAsync(name, baseUrl + "/", $"the mainline archive {baseUrl} has no index", cancellationToken);
        var newest = IndexEntry().Matches(index).Select(m => m.Groups[1].Value)
            .Where(v => v == series || v.StartsWith(series + ".", StringComparison.Ordinal))
            .MaxBy(v => Version.Parse(v.Count(c => c == '.') == 1 ? v + ".0" : v));
        return newest ?? throw new KernelException(name, $"the mainline archive {baseUrl} lists no release of {series} (v{series}/ or v{series}.N/)", permanent: true);
    }

    /// <summary>The <c># Checksums-Sha256:</c> section of an Ubuntu mainline CHECKSUMS file: file name to SHA-256.</summary>
    public static Dictionary<string, string> ParseSha256(string checksums)
    {
        var sums = new Dictionary<string, string>(StringComparer.Ordinal);
        var inSha256 = false;
        foreach (var raw in checksums.Replace("\r", "").Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith('#'))
            {
                if (line.StartsWith("# Checksums-", StringComparison.Ordinal)) inSha256 = line.StartsWith("# Checksums-Sha256", StringComparison.Ordinal);
                continue;
            }

            var parts = line.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (inSha256 && parts.Length == 2 && Hashing.IsSha256(parts[0])) sums[parts[1].TrimStart('*')] = parts[0].ToLowerInvariant();
        }

        return sums;
    }

    private async Task VerifySignatureAsync(string name, string dir, string checksums, string keyring, CancellationToken cancellationToken)
    {
        var work = cache.NewTempDir();
        try
        {
            var data = Path.Combine(work, "CHECKSUMS");
            var signature = Path.Combine(work, "CHECKSUMS.gpg");
            await File.WriteAllTextAsync(data, checksums, cancellationToken);
            await DownloadAsync(name, $"{dir}/CHECKSUMS.gpg", signature, cancellationToken);
            var result = await Tools.RunAsync(name, "gpgv", ["--keyring", keyring, signature, data], cancellationToken, check: false, installHint: "apt-get install gpgv");
            if (result.ExitCode != 0)
                throw new KernelException(name, $"{dir}/CHECKSUMS is not signed by a key of {keyring}: {result.StandardError.Trim()}", permanent: true);
        }
        finally
        {
            KernelCache.TryDelete(work);
        }
    }

    private async Task<KernelImage> FetchAsync(string name, string dir, string image, string? modules, IReadOnlyDictionary<string, string> sums, string key,
        CancellationToken cancellationToken)
    {
        using var held = await cache.LockAsync(key, cancellationToken);
        if (await cache.TryGetAsync(key, cancellationToken) is { } raced) return raced;
        var work = cache.NewTempDir();
        try
        {
            var extracted = Path.Combine(work, "x");
            string? package = null, version = null;
            // Every package is verified before the first is unpacked.
            var debs = new List<string>();
            foreach (var file in modules is null ? [image] : new[] { image, modules })
            {
                var deb = Path.Combine(work, file);
                await DownloadAsync(name, $"{dir}/{file}", deb, cancellationToken);
                var received = await Hashing.Sha256FileAsync(deb, cancellationToken);
                if (received != sums[file]) throw new KernelIntegrityException($"{dir}/{file}", sums[file], received);
                debs.Add(deb);
            }

            foreach (var deb in debs)
            {
                if (!KernelPackage.IsDeb(deb)) throw new KernelException(name, $"{Path.GetFileName(deb)} is not a Debian package", permanent: true);
                await KernelPackage.ExtractAsync(name, deb, extracted, cancellationToken);
                if (package is null) (package, version) = await KernelPackage.ControlAsync(name, deb, cancellationToken);
                File.Delete(deb);
            }

            var (staged, release) = await KernelPackage.StageAsync(extracted, work, name, $"{package}={version} from {dir}", cancellationToken);
            return await cache.CommitAsync(staged, key, name, release, package, version, "generic", cancellationToken);
        }
        finally
        {
            KernelCache.TryDelete(work);
        }
    }

    private async Task<string> GetTextAsync(string name, string url, string notFound, CancellationToken cancellationToken)
    {
        try
        {
            return await Pipelines.Download.ExecuteAsync(async ct =>
            {
                using var response = await _http.GetAsync(url, ct);
                if (response.StatusCode == HttpStatusCode.NotFound) throw new KernelException(name, $"{notFound}: HTTP 404 from {url}", permanent: true);
                KernelDownload.ThrowOnError(name, url, response);
                return await response.Content.ReadAsStringAsync(ct);
            }, cancellationToken);
        }
        catch (Exception e) when (IsTransient(e, cancellationToken))
        {
            throw new KernelException(name, $"reading {url} failed: {e.Message}", e);
        }
    }

    private async Task DownloadAsync(string name, string url, string target, CancellationToken cancellationToken)
    {
        try
        {
            await Pipelines.Download.ExecuteAsync(async ct =>
            {
                using var response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
                KernelDownload.ThrowOnError(name, url, response);
                await using var body = await response.Content.ReadAsStreamAsync(ct);
                await KernelDownload.CopyAsync(body, target, MaxDownloadBytes, name, url, KernelDownload.Bytes(MaxDownloadBytes), ct);
            }, cancellationToken);
        }
        catch (Exception e) when (IsTransient(e, cancellationToken))
        {
            throw new KernelException(name, $"downloading {url} failed: {e.Message}", e);
        }
    }

    private static bool IsTransient(Exception e, CancellationToken cancellationToken) =>
        e is HttpRequestException or IOException or Polly.Timeout.TimeoutRejectedException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested);
}
