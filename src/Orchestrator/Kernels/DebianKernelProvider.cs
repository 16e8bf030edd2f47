using MptcpMatrix.Orchestrator.Cells;

namespace MptcpMatrix.Orchestrator.Kernels;

/// <summary>
/// <c>source: debian</c>. A suite resolves like apt on a machine of that suite: to the newest kernel of the flavour across
/// the suite and its security and updates pockets (<see cref="DebianPocket"/>), through the flavour's meta package
/// (<c>linux-image-cloud-amd64</c>, <c>linux-image-amd64</c> or <c>linux-image-rt-amd64</c>), following meta packages down to
/// the one holding the image (from 7.x: <c>linux-binary-*</c>, image at <c>/usr/lib/modules/&lt;ver&gt;/vmlinuz</c>).
/// A <c>version</c> pins the meta package's version in whichever pocket has it; a <c>package</c> pins the package exactly.
/// <para>Integrity: a private apt directory (never the system's apt state) reads the suite with apt, which checks InRelease
/// against the Debian archive keyring and the Packages index against it; <c>apt-get download</c> checks the .deb against
/// the signed Packages SHA-256, and this provider checks that SHA-256 again itself before extracting anything.</para>
/// </summary>
internal sealed class DebianKernelProvider(KernelCache cache, string etcApt = "/etc/apt") : IKernelProvider
{
    public string Kind => "debian";

    private static readonly string[] KnownSuites = ["bullseye", "bullseye-backports", "bookworm", "bookworm-backports", "trixie", "trixie-backports", "forky", "sid", "unstable", "testing", "stable", "oldstable"];

    public async Task<KernelImage> ResolveAsync(KernelSource source, KernelFetchOptions options, CancellationToken cancellationToken)
    {
        var name = source.ToString();
        var flavour = source.Flavour ?? "cloud";
        if (!MetaPackages.ContainsKey(flavour))
            throw new KernelException(name, $"unknown flavour '{flavour}'; valid: {string.Join(", ", MetaPackages.Keys)}");
        var mirror = (options.Mirror ?? DebianMirror.Detect(etcApt)).TrimEnd('/');
        // The security archive of the machine's apt sources belongs with the machine's mirror; another mirror brings its own.
        var security = (options.SecurityMirror ?? (options.Mirror is null ? DebianMirror.DetectSecurity(mirror, etcApt) : mirror + "-security")).TrimEnd('/');
        var (pinName, pinVersion) = SplitPin(source.Package);
        if (source.Version is not null)
        {
            if (pinVersion is not null) throw new KernelException(name, "give the version either in package: (name=version) or in version:, not both");
            pinVersion = source.Version;
        }

        var suite = source.Suite ?? DefaultSuite();
        if (source.Suite is null && source.Package is null)
            throw new KernelException(name, "source: debian needs suite: (one of " + string.Join(", ", KnownSuites) + ") or package: linux-image-...");
        var pockets = DebianPocket.For(suite, mirror, security);
        var sourceKey = $"{string.Join(",", pockets.Select(p => p.Uri + " " + p.Suite))}|{source.Package}|{source.Version}|{flavour}" +
            (options.DebianKeyring is null ? "" : "|" + options.DebianKeyring);

        if (!options.Refresh && cache.ReadResolution(sourceKey) is { } known && DateTimeOffset.UtcNow - known.ResolvedAt < options.MaxAge &&
            await cache.TryGetAsync(known.Key, cancellationToken) is { } fresh)
            return fresh;

        var apt = new PrivateApt(cache, pockets, name, options.DebianKeyring);
        await apt.UpdateAsync(options.Refresh ? TimeSpan.Zero : options.MaxAge, cancellationToken);

        var start = pinName ?? MetaPackages[flavour];
        var info = await apt.ShowAsync(start, pinVersion, cancellationToken)
            ?? throw new KernelException(name, $"package {start}{(pinVersion is null ? "" : "=" + pinVersion)} not found in {string.Join(", ", pockets.Select(p => p.Suite))}");
        // Meta packages (linux-image-cloud-amd64, and from 7.x linux-image-<ver>-cloud-amd64 too) depend on the real one.
        // From 7.x the modules are a package of their own (linux-modules-<ver>), a dependency of the same meta package.
        var companions = new List<string>();
        for (var hops = 0; hops < 4; hops++)
        {
            var next = info.Depends.FirstOrDefault(d => d.StartsWith("linux-image-", StringComparison.Ordinal) || d.StartsWith("linux-binary-", StringComparison.Ordinal));
            if (next is null) break;
            companions.AddRange(info.Depends.Where(d => d.StartsWith("linux-modules-", StringComparison.Ordinal) && !companions.Contains(d)));
            info = await apt.ShowAsync(next, null, cancellationToken) ?? throw new KernelException(name, $"{info.Package} depends on {next}, which {suite} lacks");
        }

        var pocket = await apt.PocketOfAsync(info.Package, info.Version, cancellationToken);

        if (!Hashing.IsSha256(info.Sha256)) throw new KernelException(name, $"{info.Package} has no SHA256 in the Packages index");
        var modules = new List<DebianPackageInfo>();
        foreach (var companion in companions)
        {
            var module = await apt.ShowAsync(companion, null, cancellationToken)
                ?? throw new KernelException(name, $"the kernel's modules package {companion} is not in {suite}");
            if (!Hashing.IsSha256(module.Sha256)) throw new KernelException(name, $"{module.Package} has no SHA256 in the Packages index");
            modules.Add(module);
        }

        // The cache key is the image package's SHA-256. An entry of a 7.x kernel cached before its modules package was
        // fetched too has no modules: fetched again, once, with them.
        var key = info.Sha256;
        var image = await cache.TryGetAsync(key, cancellationToken) is { } cached && Complete(cached, modules)
            ? cached
            : await FetchAsync(apt, info, modules, key, name, flavour, pocket, cancellationToken);
        // An entry cached before pockets were recorded learns its pocket now.
        if (image.Pocket is null && pocket is not null) image = cache.SetPocket(key, pocket) ?? image;
        cache.WriteResolution(sourceKey, new KernelResolution(name, key, $"{info.Package}={info.Version}", DateTimeOffset.UtcNow, pocket));
        return image;
    }

    /// <summary>The meta package of each flavour: it depends on the flavour's newest kernel.</summary>
    public static IReadOnlyDictionary<string, string> MetaPackages { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["cloud"] = "linux-image-cloud-amd64",
        ["generic"] = "linux-image-amd64",
        ["rt"] = "linux-image-rt-amd64",
    };

    private string DefaultSuite()
    {
        foreach (var file in Directory.Exists(Path.Combine(etcApt, "sources.list.d")) ? Directory.GetFiles(Path.Combine(etcApt, "sources.list.d"), "*.sources") : [])
        {
            foreach (var (_, suites) in DebianMirror.ParseDeb822(File.ReadAllText(file)))
            {
                var suite = suites.FirstOrDefault(s => !s.Contains('-'));
                if (suite is not null) return suite;
            }
        }

        return "bookworm";
    }

    private static (string? Name, string? Version) SplitPin(string? package)
    {
        if (string.IsNullOrEmpty(package)) return (null, null);
        var eq = package.IndexOf('=');
        return eq < 0 ? (package, null) : (package[..eq], package[(eq + 1)..]);
    }

    private async Task<KernelImage> FetchAsync(PrivateApt apt, DebianPackageInfo info, IReadOnlyList<DebianPackageInfo> modulePackages, string key, string name,
        string flavour, string? pocket, CancellationToken cancellationToken)
    {
        using var held = await cache.LockAsync(key, cancellationToken);
        if (await cache.TryGetAsync(key, cancellationToken) is { } raced && Complete(raced, modulePackages)) return raced;
        var work = cache.NewTempDir();
        try
        {
            var download = Path.Combine(work, "download");
            Directory.CreateDirectory(download);
            var extracted = Path.Combine(work, "x");
            foreach (var package in new[] { info }.Concat(modulePackages))
            {
                var deb = await apt.DownloadAsync(package, download, cancellationToken);
                var received = await Hashing.Sha256FileAsync(deb, cancellationToken);
                if (received != package.Sha256)
                    throw new KernelIntegrityException($"{package.Package}={package.Version} ({Path.GetFileName(deb)})", package.Sha256, received);
                await Tools.RunAsync(name, "dpkg-deb", ["-x", deb, extracted], cancellationToken, installHint: "apt-get install dpkg");
                File.Delete(deb);
            }

            var (staged, release) = await KernelPackage.StageAsync(extracted, work, name, $"{info.Package}={info.Version}", cancellationToken);
            return await cache.CommitAsync(staged, key, name, release, info.Package, info.Version, flavour, cancellationToken, pocket);
        }
        finally
        {
            KernelCache.TryDelete(work);
        }
    }

    private static bool Complete(KernelImage image, IReadOnlyList<DebianPackageInfo> modulePackages) =>
        modulePackages.Count == 0 || image.ModulesDir is not null;

    /// <summary>The image and its release: <c>boot/vmlinuz-&lt;ver&gt;</c> (up to 6.x) or <c>(usr/)lib/modules/&lt;ver&gt;/vmlinuz</c> (7.x).</summary>
    public static (string Path, string Release)? FindImage(string root)
    {
        var boot = Path.Combine(root, "boot");
        if (Directory.Exists(boot))
        {
            var image = Directory.GetFiles(boot, "vmlinuz-*").Order(StringComparer.Ordinal).FirstOrDefault();
            if (image is not null) return (image, Path.GetFileName(image)["vmlinuz-".Length..]);
        }

        foreach (var modules in new[] { Path.Combine(root, "usr", "lib", "modules"), Path.Combine(root, "lib", "modules") })
        {
            if (!Directory.Exists(modules)) continue;
            foreach (var dir in Directory.GetDirectories(modules).Order(StringComparer.Ordinal))
            {
                var image = Path.Combine(dir, "vmlinuz");
                if (File.Exists(image)) return (image, Path.GetFileName(dir));
            }
        }

        return null;
    }
}
