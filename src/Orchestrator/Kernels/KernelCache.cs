using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace MptcpMatrix.Orchestrator.Kernels;

/// <summary>
/// The kernel cache: <c>&lt;root&gt;/kernels/&lt;key&gt;/{manifest.json,vmlinuz,config,root/lib/modules/...}</c>, keyed by the
/// SHA-256 of what was downloaded. Entries appear by atomic directory rename, fetches run under per-key file locks, and an
/// entry whose files no longer match its manifest (truncated, corrupted) counts as absent and is fetched again.
/// </summary>
public sealed class KernelCache
{
    public KernelCache(string root)
    {
        Root = Path.GetFullPath(root);
        KernelsDir = Path.Combine(Root, "kernels");
    }

    /// <summary><c>$XDG_CACHE_HOME/mptcpmatrix</c>, else <c>~/.cache/mptcpmatrix</c>.</summary>
    public static string DefaultRoot()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var baseDir = string.IsNullOrEmpty(xdg) ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache") : xdg;
        return Path.Combine(baseDir, "mptcpmatrix");
    }

    public string Root { get; }
    public string KernelsDir { get; }
    public string LocksDir => Path.Combine(KernelsDir, "locks");
    public string ResolvedDir => Path.Combine(KernelsDir, "resolved");
    public string TempDir => Path.Combine(KernelsDir, "tmp");
    public string AptDir(string name) => Path.Combine(Root, "apt", name);

    public string EntryDir(string key) => Path.Combine(KernelsDir, key);

    public static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(10);

    public Task<FileLock> LockAsync(string name, CancellationToken cancellationToken) =>
        FileLock.AcquireAsync(Path.Combine(LocksDir, name + ".lock"), LockTimeout, cancellationToken);

    /// <summary>A fresh private temp directory under the cache (same filesystem, so entries can be renamed into place).</summary>
    public string NewTempDir()
    {
        var dir = Path.Combine(TempDir, $"{Environment.ProcessId}-{Guid.NewGuid():n}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>The entry's image when its files match its manifest; null when absent, truncated or corrupted.</summary>
    public async Task<KernelImage?> TryGetAsync(string key, CancellationToken cancellationToken)
    {
        var dir = EntryDir(key);
        var manifest = ReadManifest(dir);
        if (manifest is null) return null;
        var problem = await VerifyAsync(dir, manifest, cancellationToken);
        return problem is null ? ToImage(dir, manifest) : null;
    }

    /// <summary>Why the entry in <paramref name="dir"/> is damaged, or null when it is intact.</summary>
    public static async Task<string?> VerifyAsync(string dir, KernelManifest manifest, CancellationToken cancellationToken)
    {
        var vmlinuz = Path.Combine(dir, "vmlinuz");
        if (!File.Exists(vmlinuz)) return "vmlinuz missing";
        // Hashed once per change of the file (size, mtime), not on every run: HashStamp.
        var sha = await HashStamp.Sha256Async(vmlinuz, cancellationToken);
        if (sha != manifest.VmlinuzSha256) return $"vmlinuz SHA-256 {sha} does not match the manifest's {manifest.VmlinuzSha256}";
        if (manifest.ConfigSha256 is not null)
        {
            var config = Path.Combine(dir, "config");
            if (!File.Exists(config)) return "config missing";
            var csha = await HashStamp.Sha256Async(config, cancellationToken);
            if (csha != manifest.ConfigSha256) return "config SHA-256 does not match the manifest";
        }

        if (manifest.ModuleFiles > 0)
        {
            var (files, bytes) = CountModules(dir);
            if (files != manifest.ModuleFiles || bytes != manifest.ModuleBytes)
                return $"modules changed: {files} files/{bytes} bytes, manifest says {manifest.ModuleFiles}/{manifest.ModuleBytes}";
        }

        return null;
    }

    public static (int Files, long Bytes) CountModules(string entryDir)
    {
        var modules = Path.Combine(entryDir, "root", "lib", "modules");
        if (!Directory.Exists(modules)) return (0, 0);
        var files = 0;
        long bytes = 0;
        foreach (var file in Directory.EnumerateFiles(modules, "*.ko*", SearchOption.AllDirectories))
        {
            files++;
            bytes += new FileInfo(file).Length;
        }

        return (files, bytes);
    }

    public static KernelManifest? ReadManifest(string dir)
    {
        var path = Path.Combine(dir, "manifest.json");
        if (!File.Exists(path)) return null;
        try
        {
            var manifest = JsonSerializer.Deserialize(File.ReadAllText(path), KernelJson.Default.KernelManifest);
            return manifest?.SchemaVersion == KernelManifest.CurrentSchemaVersion ? manifest : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static KernelImage ToImage(string dir, KernelManifest manifest)
    {
        var config = Path.Combine(dir, "config");
        var modules = Path.Combine(dir, "root", "lib", "modules", manifest.Release);
        return new KernelImage(Path.Combine(dir, "vmlinuz"), manifest.Release, manifest.Source, manifest.VmlinuzSha256,
            File.Exists(config) ? config : null, Directory.Exists(modules) ? modules : null,
            manifest.Package is null ? null : $"{manifest.Package}={manifest.Version}", manifest.Key, manifest.Flavour, manifest.Pocket);
    }

    /// <summary>
    /// Moves a staged entry (holding vmlinuz, optional config and root/) into place under <paramref name="key"/>:
    /// writes its manifest, then renames the directory atomically. Call under the key's lock.
    /// </summary>
    public async Task<KernelImage> CommitAsync(string staged, string key, string source, string release, string? package, string? version,
        string? flavour, CancellationToken cancellationToken, string? pocket = null)
    {
        var vmlinuzSha = await Hashing.Sha256FileAsync(Path.Combine(staged, "vmlinuz"), cancellationToken);
        var config = Path.Combine(staged, "config");
        var configSha = File.Exists(config) ? await Hashing.Sha256FileAsync(config, cancellationToken) : null;
        var (files, bytes) = CountModules(staged);
        var manifest = new KernelManifest(KernelManifest.CurrentSchemaVersion, key, source, release, vmlinuzSha, configSha, package, version,
            flavour, files, bytes, DateTimeOffset.UtcNow, pocket);
        await File.WriteAllTextAsync(Path.Combine(staged, "manifest.json"), JsonSerializer.Serialize(manifest, KernelJson.Default.KernelManifest), cancellationToken);
        var target = EntryDir(key);
        if (Directory.Exists(target)) Directory.Move(target, target + $".stale-{Guid.NewGuid():n}");
        Directory.Move(staged, target);
        DeleteStale();
        return ToImage(target, manifest);
    }

    /// <summary>Records the archive pocket of an intact entry in its manifest (entries cached before pockets were recorded).</summary>
    public KernelImage? SetPocket(string key, string pocket)
    {
        var dir = EntryDir(key);
        if (ReadManifest(dir) is not { } manifest) return null;
        var updated = manifest with { Pocket = pocket };
        var path = Path.Combine(dir, "manifest.json");
        var tmp = path + $".tmp-{Environment.ProcessId}";
        File.WriteAllText(tmp, JsonSerializer.Serialize(updated, KernelJson.Default.KernelManifest));
        File.Move(tmp, path, overwrite: true);
        return ToImage(dir, updated);
    }

    /// <summary>Removes entries that were replaced (damaged ones) and leftovers of killed fetches whose process is gone.</summary>
    public void DeleteStale()
    {
        if (!Directory.Exists(KernelsDir)) return;
        foreach (var dir in Directory.GetDirectories(KernelsDir, "*.stale-*")) TryDelete(dir);
        if (!Directory.Exists(TempDir)) return;
        foreach (var dir in Directory.GetDirectories(TempDir))
        {
            var name = Path.GetFileName(dir);
            var dash = name.IndexOf('-');
            if (dash > 0 && int.TryParse(name[..dash], out var pid) && pid != Environment.ProcessId && !Directory.Exists($"/proc/{pid}"))
                TryDelete(dir);
        }
    }

    public static void TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
            else if (File.Exists(path)) File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    public string ResolutionPath(string sourceKey) =>
        Path.Combine(ResolvedDir, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sourceKey)))[..24] + ".json");

    public KernelResolution? ReadResolution(string sourceKey)
    {
        var path = ResolutionPath(sourceKey);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), KernelJson.Default.KernelResolution);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void WriteResolution(string sourceKey, KernelResolution resolution)
    {
        var path = ResolutionPath(sourceKey);
        Directory.CreateDirectory(ResolvedDir);
        var tmp = path + $".tmp-{Environment.ProcessId}";
        File.WriteAllText(tmp, JsonSerializer.Serialize(resolution, KernelJson.Default.KernelResolution));
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>Every entry with its manifest and whether it is intact.</summary>
    public async Task<IReadOnlyList<(string Dir, KernelManifest Manifest, string? Problem, long Bytes)>> ListAsync(CancellationToken cancellationToken)
    {
        var list = new List<(string, KernelManifest, string?, long)>();
        if (!Directory.Exists(KernelsDir)) return list;
        foreach (var dir in Directory.GetDirectories(KernelsDir).Order(StringComparer.Ordinal))
        {
            if (!Hashing.IsSha256(Path.GetFileName(dir))) continue;
            var manifest = ReadManifest(dir);
            if (manifest is null) continue;
            var bytes = Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
            list.Add((dir, manifest, await VerifyAsync(dir, manifest, cancellationToken), bytes));
        }

        return list;
    }
}
