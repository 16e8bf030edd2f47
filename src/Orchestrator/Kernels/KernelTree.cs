using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MptcpMatrix.Orchestrator.Kernels;

/// <summary>
/// A kernel source tree of <c>source: build</c>: whether a directory is one, whether it can be built out of tree, its
/// version, and its identity (what, with the config, decides whether a cached build is still the tree's image).
/// </summary>
internal static class KernelTree
{
    /// <summary>Why <paramref name="dir"/> is not a kernel source tree (no top Makefile with VERSION, no Kconfig, no arch/x86), or null.</summary>
    public static string? Problem(string dir)
    {
        var makefile = Path.Combine(dir, "Makefile");
        if (!File.Exists(makefile)) return "it has no Makefile";
        if (Version(dir) is null) return "its Makefile sets no VERSION/PATCHLEVEL (not the top of a kernel tree)";
        if (!File.Exists(Path.Combine(dir, "Kconfig"))) return "it has no Kconfig";
        return Directory.Exists(Path.Combine(dir, "arch", "x86")) ? null : "it has no arch/x86";
    }

    /// <summary>
    /// Why the tree cannot be built out of tree: kbuild refuses <c>make O=</c> on a tree configured or built in place
    /// (it asks for <c>make mrproper</c>). Null when it is clean.
    /// </summary>
    public static string? Unclean(string dir)
    {
        string[] markers = [".config", "include/config", "arch/x86/include/generated"];
        var found = markers.Where(m => File.Exists(Path.Combine(dir, m)) || Directory.Exists(Path.Combine(dir, m))).ToList();
        return found.Count == 0 ? null
            : $"it was configured or built in place ({string.Join(", ", found)}), and kbuild builds out of tree (make O=) only from a clean tree: " +
              "save its .config elsewhere (then base: <that file>) and run make mrproper in it";
    }

    /// <summary><c>6.1.192</c> from the top Makefile (VERSION.PATCHLEVEL.SUBLEVEL plus EXTRAVERSION), or null.</summary>
    public static string? Version(string dir)
    {
        var values = VersionLines(dir).Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0].Trim(), p => p[1].Trim());
        if (!values.TryGetValue("VERSION", out var version) || !values.TryGetValue("PATCHLEVEL", out var patch) || version.Length == 0) return null;
        var sub = values.GetValueOrDefault("SUBLEVEL", "0");
        return $"{version}.{patch}" + (sub is "" or "0" ? "" : $".{sub}") + values.GetValueOrDefault("EXTRAVERSION", "");
    }

    private static IEnumerable<string> VersionLines(string dir)
    {
        var makefile = Path.Combine(dir, "Makefile");
        if (!File.Exists(makefile)) return [];
        return File.ReadLines(makefile).Take(12)
            .Where(l => l.StartsWith("VERSION", StringComparison.Ordinal) || l.StartsWith("PATCHLEVEL", StringComparison.Ordinal) ||
                        l.StartsWith("SUBLEVEL", StringComparison.Ordinal) || l.StartsWith("EXTRAVERSION", StringComparison.Ordinal));
    }

    public static bool IsGit(string dir) => Directory.Exists(Path.Combine(dir, ".git")) || File.Exists(Path.Combine(dir, ".git"));

    public static readonly TimeSpan GitTimeout = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The tree's identity: a git tree's <c>HEAD</c> commit and the SHA-256 of <c>git diff HEAD</c> (its uncommitted
    /// changes); any other tree (an unpacked linux-source tarball) the SHA-256 of its Makefile version and a listing of
    /// every file with its size and mtime (cheap: no file is read).
    /// </summary>
    public static async Task<string> IdentityAsync(string name, string dir, CancellationToken cancellationToken)
    {
        if (!IsGit(dir)) return "files:" + ListingSha256(dir);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(GitTimeout);
        try
        {
            var head = (await Tools.RunAsync(name, "git", ["-C", dir, "rev-parse", "HEAD"], timeout.Token, installHint: "apt-get install git")).StandardOutput.Trim();
            var diff = (await Tools.RunAsync(name, "git", ["-C", dir, "diff", "--no-ext-diff", "--binary", "HEAD"], timeout.Token)).StandardOutput;
            return $"git:{head}+diff:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(diff)))}";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new KernelException(name, $"git in {dir} did not answer within {GitTimeout.TotalSeconds:0} s");
        }
    }

    /// <summary>SHA-256 of the version lines and of <c>path size mtime</c> for every file outside <c>.git</c>, in ordinal order.</summary>
    public static string ListingSha256(string dir)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var line in VersionLines(dir)) hash.AppendData(Encoding.UTF8.GetBytes(line + "\n"));
        var files = new DirectoryInfo(dir).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false })
            .Select(f => (Path: Path.GetRelativePath(dir, f.FullName), f.Length, Ticks: f.LastWriteTimeUtc.Ticks))
            .Where(f => !f.Path.StartsWith(".git/", StringComparison.Ordinal))
            .OrderBy(f => f.Path, StringComparer.Ordinal);
        foreach (var (path, length, ticks) in files)
            hash.AppendData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{path}\t{length}\t{ticks}\n")));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
