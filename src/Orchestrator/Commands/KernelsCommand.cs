using System.CommandLine;
using System.Globalization;
using MptcpMatrix.Orchestrator.Backends.Vm;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Kernels;

namespace MptcpMatrix.Orchestrator.Commands;

/// <summary>
/// <c>matrix kernels list|pull|prune</c>: the kernel cache. <c>pull</c> fetches and verifies the kernels of matrix.yml
/// (or the suites given with <c>--suite</c>), <c>list</c> shows the entries and whether they are intact, <c>prune</c>
/// removes damaged entries, superseded ones and leftovers of interrupted fetches.
/// </summary>
internal static class KernelsCommand
{
    public static Command Create()
    {
        var cache = new Option<string?>("--cache") { Description = "Cache directory (default: matrix.yml's cache, else $XDG_CACHE_HOME/mptcpmatrix or ~/.cache/mptcpmatrix)" };
        var config = ConfigOption.Create();

        var list = new Command("list", "List cached kernels with their release, package and integrity") { cache, config };
        list.SetAction((parse, ct) => ListAsync(CacheRoot(parse.GetValue(cache), parse.GetValue(config)), ct));

        var suites = new Option<string[]>("--suite") { Description = "Debian suite(s) to pull instead of matrix.yml's kernels (repeatable)", AllowMultipleArgumentsPerToken = true };
        var packages = new Option<string[]>("--package") { Description = "Debian package(s) to pull, e.g. linux-image-6.1.0-50-cloud-amd64[=version] (repeatable)" };
        var flavour = new Option<string>("--flavour") { Description = "Flavour for --suite: cloud, generic or rt", DefaultValueFactory = _ => "cloud" };
        flavour.AcceptOnlyFromAmong("cloud", "generic", "rt");
        var mirror = new Option<string?>("--mirror") { Description = "Debian mirror (default: matrix.yml debian.mirror, else this machine's apt sources)" };
        var pull = new Command("pull", "Download and verify kernels into the cache (re-reads the archive index)") { cache, config, suites, packages, flavour, mirror };
        pull.SetAction((parse, ct) => PullAsync(parse.GetValue(cache), parse.GetValue(config)!, parse.GetValue(suites) ?? [], parse.GetValue(packages) ?? [],
            parse.GetValue(flavour)!, parse.GetValue(mirror), ct));

        var all = new Option<bool>("--all") { Description = "Remove every cached kernel" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Only print what would be removed" };
        var prune = new Command("prune", "Remove damaged, superseded and half-fetched cache entries and initramfs archives of older agent builds") { cache, config, all, dryRun };
        prune.SetAction((parse, ct) => PruneAsync(CacheRoot(parse.GetValue(cache), parse.GetValue(config)), parse.GetValue(all), parse.GetValue(dryRun), ct));

        return new Command("kernels", "Manage the kernel cache of the vm and virtme backends") { list, pull, prune };
    }

    private static string CacheRoot(string? cache, string? configPath)
    {
        if (cache is not null) return Path.GetFullPath(cache);
        if (configPath is not null && File.Exists(configPath))
        {
            try
            {
                return Config.ConfigLoader.LoadFile(configPath).ResolveCacheDir();
            }
            catch (Config.ConfigException)
            {
            }
        }

        return KernelCache.DefaultRoot();
    }

    private static async Task<int> ListAsync(string root, CancellationToken ct)
    {
        var cache = new KernelCache(root);
        var entries = await cache.ListAsync(ct);
        if (entries.Count == 0)
        {
            Console.Out.WriteLine($"no kernels cached in {cache.KernelsDir}");
            return ExitCodes.Ok;
        }

        Console.Out.WriteLine($"{"KEY",-12}  {"RELEASE",-32}  {"PACKAGE",-52}  {"POCKET",-20}  {"SIZE",8}  STATE");
        foreach (var (dir, manifest, problem, bytes) in entries)
        {
            var package = manifest.Package is null ? manifest.Source : $"{manifest.Package}={manifest.Version}";
            Console.Out.WriteLine($"{manifest.Key[..12],-12}  {manifest.Release,-32}  {package,-52}  {manifest.Pocket ?? "-",-20}  {bytes / 1048576.0,6:0.0}MB  {(problem is null ? "ok" : "damaged: " + problem)}");
        }

        Console.Out.WriteLine($"{entries.Count} kernel(s) in {cache.KernelsDir}");
        return ExitCodes.Ok;
    }

    private static async Task<int> PullAsync(string? cacheOption, string configPath, string[] suites, string[] packages, string flavour, string? mirror, CancellationToken ct)
    {
        var sources = new List<(string Name, KernelSource Source)>();
        sources.AddRange(suites.Select(s => (s, new KernelSource("debian", Suite: s, Flavour: flavour))));
        sources.AddRange(packages.Select(p => (p, new KernelSource("debian", Package: p, Flavour: flavour))));
        string root;
        string? security = null, mainlineUrl = null, mainlineKeyring = null;
        if (sources.Count == 0)
        {
            var config = ConfigOption.Load(configPath, Console.Error);
            if (config is null) return ExitCodes.BadInput;
            sources.AddRange(config.Kernels.Where(k => k.Source != "host").Select(k => (k.Name, k.ToKernelSource())));
            mirror ??= config.Debian.Mirror;
            security = config.Debian.Security;
            mainlineUrl = config.Mainline.Url;
            mainlineKeyring = config.Mainline.Keyring;
            root = cacheOption is null ? config.ResolveCacheDir() : Path.GetFullPath(cacheOption);
            if (sources.Count == 0)
            {
                Console.Out.WriteLine($"{configPath} names no bootable kernels (only host)");
                return ExitCodes.Ok;
            }
        }
        else
        {
            root = CacheRoot(cacheOption, null);
        }

        var resolver = new KernelResolver(new KernelCache(root), new KernelFetchOptions(mirror, Refresh: true, SecurityMirror: security, MainlineUrl: mainlineUrl, MainlineKeyring: mainlineKeyring));
        var failed = 0;
        foreach (var (name, source) in sources)
        {
            var started = DateTime.UtcNow;
            try
            {
                var image = await resolver.ResolveAsync(source, ct);
                var mptcp = image.Mptcp;
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name}: {image.Package ?? image.Source}{(image.Pocket is null ? "" : " from " + image.Pocket)} release {image.Release}, image sha256 {image.Sha256[..16]}... ({(DateTime.UtcNow - started).TotalSeconds:0.0} s); {mptcp.Reason}"));
            }
            catch (Exception e) when (e is KernelException or KernelIntegrityException or IOException or HttpRequestException)
            {
                failed++;
                Console.Error.WriteLine($"error: {name}: {e.Message}");
            }
        }

        return failed == 0 ? ExitCodes.Ok : ExitCodes.InfraOnly;
    }

    private static async Task<int> PruneAsync(string root, bool all, bool dryRun, CancellationToken ct)
    {
        var cache = new KernelCache(root);
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        if (Directory.Exists(cache.ResolvedDir))
        {
            foreach (var file in Directory.GetFiles(cache.ResolvedDir, "*.json"))
            {
                try
                {
                    var resolution = System.Text.Json.JsonSerializer.Deserialize(await File.ReadAllTextAsync(file, ct), KernelJson.Default.KernelResolution);
                    if (resolution is not null) referenced.Add(resolution.Key);
                }
                catch (System.Text.Json.JsonException)
                {
                    if (!dryRun) File.Delete(file);
                }
            }
        }

        var removed = 0;
        long freed = 0;
        var kept = new HashSet<string>(StringComparer.Ordinal);
        var gone = new List<string>();
        foreach (var (dir, manifest, problem, bytes) in await cache.ListAsync(ct))
        {
            var why = all ? "--all" : problem is not null ? "damaged: " + problem : manifest.Package is not null && !referenced.Contains(manifest.Key) ? "superseded (no suite or pin resolves to it)" : null;
            if (why is null)
            {
                kept.Add(manifest.VmlinuzSha256);
                continue;
            }

            Console.Out.WriteLine($"{(dryRun ? "would remove" : "removing")} {manifest.Key[..12]} {manifest.Release} ({why})");
            gone.Add(dir);
            if (dryRun) continue;
            using var held = await cache.LockAsync(manifest.Key, ct);
            KernelCache.TryDelete(dir);
            removed++;
            freed += bytes;
        }

        // Agent initramfs archives: one per agent build; keep the newest (the current build's) unless --all. Each goes
        // with the hash stamp kept beside it (and the digest file older builds kept).
        var initramfsDir = Path.Combine(root, "initramfs");
        if (Directory.Exists(initramfsDir))
        {
            var archives = new DirectoryInfo(initramfsDir).GetFiles("*.cpio").Concat(new DirectoryInfo(initramfsDir).GetFiles("*.cpio.gz"));
            foreach (var file in archives.OrderByDescending(f => f.LastWriteTimeUtc).Skip(all ? 0 : 1))
            {
                Console.Out.WriteLine($"{(dryRun ? "would remove" : "removing")} initramfs {file.Name[..Math.Min(12, file.Name.Length)]} ({(all ? "--all" : "an older agent build")})");
                if (dryRun) continue;
                freed += file.Length;
                file.Delete();
                File.Delete(HashStamp.PathFor(file.FullName));
                File.Delete(file.FullName + ".sha256");
            }
        }

        // The vmlinux extracted for PVH boots: kept with the kernel it came from (named by that bzImage's SHA-256).
        var pvhDir = Path.Combine(root, "pvh");
        if (Directory.Exists(pvhDir))
        {
            foreach (var file in new DirectoryInfo(pvhDir).GetFiles())
            {
                var sha = file.Name.Split('.')[0];
                if (kept.Contains(sha)) continue;
                if (file.Name.EndsWith(".vmlinux", StringComparison.Ordinal))
                    Console.Out.WriteLine($"{(dryRun ? "would remove" : "removing")} pvh vmlinux {sha[..Math.Min(12, sha.Length)]} (its kernel is {(all ? "removed (--all)" : "no longer cached")})");
                if (dryRun) continue;
                freed += file.Length;
                file.Delete();
            }
        }

        // Modules decompressed for VM boots: kept while the module they came from is (its kernel is kept).
        freed += PlainModules.Prune(root, all, dryRun, Console.Out, gone);

        if (!dryRun)
        {
            cache.DeleteStale();
            if (all) KernelCache.TryDelete(cache.ResolvedDir);
        }

        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{removed} kernel(s) removed, {freed / 1048576.0:0.0} MB freed"));
        return ExitCodes.Ok;
    }
}
