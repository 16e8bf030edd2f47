using MptcpMatrix.Orchestrator.Kernels;

namespace MptcpMatrix.Orchestrator.Backends.Container;

/// <summary>
/// The debian userspace without a registry: <c>debootstrap --variant=minbase</c> from this machine's apt mirror (signature
/// checked against debian-archive-keyring), packed as a tar in the cache so later runs import it without downloading.
/// </summary>
internal static class DebianRootfs
{
    public const string InstallHint = "apt-get install debootstrap debian-archive-keyring";

    /// <summary>Path of the cached rootfs tar for <paramref name="suite"/>, building it first when missing.</summary>
    public static async Task<string> EnsureAsync(string cacheDir, string suite, string? mirror, CancellationToken cancellationToken)
    {
        if (!System.Text.RegularExpressions.Regex.IsMatch(suite, "^[a-z][a-z0-9-]*$"))
            throw new ContainerSetupException("debian", $"'{suite}' is not a Debian suite name (e.g. bookworm, trixie)");
        var dir = Path.Combine(cacheDir, "container");
        Directory.CreateDirectory(dir);
        var tar = Path.Combine(dir, $"debian-{suite}-minbase.tar");
        if (File.Exists(tar)) return tar;

        mirror ??= DebianMirror.Detect();
        var work = Path.Combine(dir, $".debootstrap-{suite}-{Environment.ProcessId}-{Guid.NewGuid():N}");
        var root = Path.Combine(work, "rootfs");
        Directory.CreateDirectory(work);
        try
        {
            await HostTool.RunAsync("debian", "debootstrap",
                ["--variant=minbase", $"--keyring={DebianMirror.DefaultKeyring}", suite, root, mirror],
                TimeSpan.FromMinutes(20), InstallHint, cancellationToken);
            // Trim what a test image never needs; keeps the import small.
            foreach (var sub in new[] { "var/cache/apt/archives", "var/lib/apt/lists", "usr/share/doc", "usr/share/man", "usr/share/locale" })
            {
                var path = Path.Combine(root, sub);
                if (Directory.Exists(path))
                    foreach (var entry in Directory.EnumerateFileSystemEntries(path)) DeleteEntry(entry);
            }

            var partial = tar + $".{Environment.ProcessId}.partial";
            await HostTool.RunAsync("debian", "tar", ["--numeric-owner", "--sort=name", "-C", root, "-cf", partial, "."],
                TimeSpan.FromMinutes(5), "apt-get install tar", cancellationToken);
            File.Move(partial, tar, overwrite: true);
            return tar;
        }
        finally
        {
            await CleanupAsync(work);
        }
    }

    /// <summary>Removes a debootstrap work dir; unmounts whatever an interrupted debootstrap left mounted inside it first.</summary>
    public static async Task CleanupAsync(string work)
    {
        if (!Directory.Exists(work)) return;
        var full = Path.GetFullPath(work).TrimEnd('/') + "/";
        var mounts = File.ReadAllLines("/proc/self/mounts")
            .Select(l => l.Split(' '))
            .Where(f => f.Length > 1)
            .Select(f => f[1].Replace("\\040", " "))
            .Where(m => m.StartsWith(full, StringComparison.Ordinal))
            .OrderByDescending(m => m.Length)
            .ToList();
        foreach (var mount in mounts)
        {
            try
            {
                await HostTool.RunAsync("debian", "umount", ["-l", mount], TimeSpan.FromSeconds(30), "apt-get install mount", CancellationToken.None);
            }
            catch (ContainerSetupException)
            {
            }
        }

        if (File.ReadAllLines("/proc/self/mounts").Any(l => l.Split(' ').ElementAtOrDefault(1)?.StartsWith(full, StringComparison.Ordinal) == true))
            throw new ContainerSetupException("debian", $"{work} still has mounts inside; not deleting it (remove them with umount -R)");
        DeleteEntry(work);
    }

    private static void DeleteEntry(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is null && Directory.Exists(path)) Directory.Delete(path, recursive: true);
        else File.Delete(path);
    }
}
