using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using MptcpMatrix.Orchestrator.Cells;

namespace MptcpMatrix.Orchestrator.Kernels;

/// <summary>
/// <c>source: build</c> + <c>tree: PATH</c>: a local kernel source tree, configured with what a cell needs
/// (<see cref="CellKernelOptions"/>) on top of its base (<c>defconfig</c>, <c>tinyconfig</c> or a config file) plus the
/// entry's <c>config:</c> fragments, built out of tree (<c>make O=&lt;cache&gt;/builds/&lt;tree id&gt;/obj bzImage</c>, so a
/// rebuild is incremental) and committed to the kernel cache by atomic rename. The entry's key is the SHA-256 of the
/// tree's identity (<see cref="KernelTree.IdentityAsync"/>) and the config inputs: while neither changes, the cached
/// image is used without running make.
/// </summary>
/// <param name="make">The make program (tests give a fake one).</param>
/// <param name="buildTimeout">How long <c>make bzImage</c> may take; default <see cref="DefaultBuildTimeout"/>.</param>
internal sealed class BuildKernelProvider(KernelCache cache, string make = "make", TimeSpan? buildTimeout = null) : IKernelProvider
{
    public static readonly TimeSpan ConfigureTimeout = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan DefaultBuildTimeout = TimeSpan.FromHours(2);

    public string Kind => "build";

    public async Task<KernelImage> ResolveAsync(KernelSource source, KernelFetchOptions options, CancellationToken cancellationToken)
    {
        var name = source.ToString();
        var tree = source.Tree is null ? throw new KernelException(name, "source: build needs tree: <kernel source tree>", permanent: true) : Path.GetFullPath(source.Tree);
        if (!Directory.Exists(tree)) throw new KernelException(name, $"tree {tree} does not exist", permanent: true);
        if (KernelTree.Problem(tree) is { } problem) throw new KernelException(name, $"{tree} is not a kernel source tree: {problem}", permanent: true);
        if (KernelTree.Unclean(tree) is { } unclean) throw new KernelException(name, $"{tree} cannot be built out of tree: {unclean}", permanent: true);
        var key = await KeyAsync(name, tree, source, cancellationToken);
        var sourceKey = $"build|{tree}";
        if (await cache.TryGetAsync(key, cancellationToken) is not { } image)
        {
            using var held = await cache.LockAsync("build-" + TreeId(tree), cancellationToken);
            image = await cache.TryGetAsync(key, cancellationToken) ?? await BuildAsync(name, tree, source, key, cancellationToken);
        }

        cache.WriteResolution(sourceKey, new KernelResolution(name, key, $"{tree} ({KernelTree.Version(tree)})", DateTimeOffset.UtcNow));
        return image;
    }

    /// <summary>The build directory of <paramref name="tree"/>: <c>&lt;cache&gt;/builds/&lt;id&gt;</c> (obj/ and build.log).</summary>
    public string BuildDir(string tree) => Path.Combine(cache.Root, "builds", TreeId(Path.GetFullPath(tree)));

    private static string TreeId(string tree) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(tree)))[..16];

    /// <summary>SHA-256 of the tree's identity, the base, the cell's options and each fragment's content.</summary>
    public static async Task<string> KeyAsync(string name, string tree, KernelSource source, CancellationToken cancellationToken)
    {
        var text = new StringBuilder("build-v1\n");
        text.Append(await KernelTree.IdentityAsync(name, tree, cancellationToken)).Append('\n');
        var baseName = source.Base ?? "defconfig";
        text.Append("base:").Append(IsNamedBase(baseName) ? baseName : "file:" + await Hashing.Sha256FileAsync(baseName, cancellationToken)).Append('\n');
        text.Append(CellKernelOptions.Fragment());
        foreach (var fragment in source.ConfigFragments ?? [])
            text.Append("fragment:").Append(await Hashing.Sha256FileAsync(fragment, cancellationToken)).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static bool IsNamedBase(string value) => value is "defconfig" or "tinyconfig";

    private async Task<KernelImage> BuildAsync(string name, string tree, KernelSource source, string key, CancellationToken cancellationToken)
    {
        var dir = BuildDir(tree);
        var obj = Path.Combine(dir, "obj");
        Directory.CreateDirectory(obj);
        var log = Path.Combine(dir, "build.log");
        File.WriteAllText(log, $"# {name} -> cache key {key}, {DateTimeOffset.UtcNow:O}\n");
        var runner = new MakeRunner(name, tree, obj, log, make);
        var config = Path.Combine(obj, ".config");
        var baseName = source.Base ?? "defconfig";
        if (IsNamedBase(baseName)) await runner.RunAsync([baseName], ConfigureTimeout, cancellationToken);
        else File.Copy(baseName, config, overwrite: true);
        // Later assignments win in kconfig: the cell's options override the base, the user's fragments override both.
        var additions = new StringBuilder("\n# mptcpmatrix: what a cell needs\n").Append(CellKernelOptions.Fragment());
        foreach (var fragment in source.ConfigFragments ?? [])
            additions.Append($"\n# mptcpmatrix: fragment {fragment}\n").Append(await File.ReadAllTextAsync(fragment, cancellationToken)).Append('\n');
        await File.AppendAllTextAsync(config, additions.ToString(), cancellationToken);
        await runner.RunAsync(["olddefconfig"], ConfigureTimeout, cancellationToken);
        var missing = CellKernelOptions.Missing(config);
        if (missing.Count > 0)
            throw new KernelException(name, $"the config of {tree} (base {baseName}) cannot enable what a cell needs: {string.Join(", ", missing)} " +
                "stay off after olddefconfig (a dependency is off, or a config fragment turns them off); see " + config, permanent: true);

        var watch = Stopwatch.StartNew();
        await runner.RunAsync(["bzImage"], buildTimeout ?? DefaultBuildTimeout, cancellationToken, Environment.ProcessorCount);
        var built = Path.Combine(obj, "arch", "x86", "boot", "bzImage");
        var release = BzImage.ReadRelease(built) ?? throw new KernelException(name, $"make bzImage in {tree} left no bootable image at {built}; see {log}");
        var staged = cache.NewTempDir();
        try
        {
            File.Copy(built, Path.Combine(staged, "vmlinuz"));
            File.Copy(config, Path.Combine(staged, "config"));
            File.Copy(log, Path.Combine(staged, "build.log"));
            var image = await cache.CommitAsync(staged, key, name, release, null, KernelTree.Version(tree), null, cancellationToken);
            File.AppendAllText(log, $"# built {release} in {watch.Elapsed.TotalMinutes:0.0} min with -j{Environment.ProcessorCount}; cache entry {cache.EntryDir(key)}\n");
            return image;
        }
        finally
        {
            KernelCache.TryDelete(staged);
        }
    }
}
