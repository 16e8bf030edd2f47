namespace MptcpMatrix.Orchestrator.Backends.Container;

/// <summary>
/// The "alpine-like" userspace without a registry: musl libc (<c>/lib/ld-musl-x86_64.so.1</c>) and a busybox userland, taken
/// from this machine's Debian packages <c>musl</c> and <c>busybox-static</c>. It has no glibc at all, so a pass proves the
/// agent bundle does not depend on the image's libc. It is not Alpine (no apk, no Alpine packages).
/// </summary>
internal static class MuslRootfs
{
    public const string InstallHint = "apt-get install musl busybox-static";

    private static readonly string[] Packages = ["musl", "busybox-static"];

    private static readonly string[] Applets = ["sh", "ls", "cat", "echo", "env", "id", "uname", "ps", "mount", "sleep", "true", "false"];

    private static readonly string[] SkipPrefixes = ["/usr/share/doc/", "/usr/share/man/", "/usr/share/lintian/", "/usr/share/initramfs-tools/"];

    /// <summary>The rootfs tar and a description with the package versions (e.g. <c>musl 1.2.3-1, busybox-static 1:1.35.0-4</c>).</summary>
    public static async Task<(byte[] Tar, string Sha256, string Description)> BuildAsync(CancellationToken cancellationToken)
    {
        var versions = new List<string>();
        var files = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var package in Packages)
        {
            string version, list;
            try
            {
                version = (await HostTool.RunAsync("alpine", "dpkg-query", ["-W", "-f=${Version}", package], TimeSpan.FromSeconds(30), InstallHint,
                    cancellationToken)).StandardOutput.Trim();
                list = (await HostTool.RunAsync("alpine", "dpkg-query", ["-L", package], TimeSpan.FromSeconds(30), InstallHint,
                    cancellationToken)).StandardOutput;
            }
            catch (ContainerSetupException e)
            {
                throw new ContainerSetupException("alpine", $"the alpine-like userspace needs the packages {string.Join(" and ", Packages)}: " +
                    $"install them with: {InstallHint} ({e.Message.Split('\n')[0]})", e);
            }

            versions.Add($"{package} {version}");
            foreach (var line in list.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (SkipPrefixes.Any(p => line.StartsWith(p, StringComparison.Ordinal))) continue;
                // Directories (also /bin and /lib, symlinks to usr/ on a merged-/usr host) come from the files' parents.
                if (Directory.Exists(line)) continue;
                var info = new FileInfo(line);
                if (info.LinkTarget is not null || info.Exists) files.Add(line);
            }
        }

        if (!files.Contains("/bin/busybox") || !files.Any(f => f.EndsWith("ld-musl-x86_64.so.1", StringComparison.Ordinal)))
            throw new ContainerSetupException("alpine", $"musl or busybox-static looks incomplete on this machine; reinstall with: {InstallHint}");

        using var tar = new TarBuilder();
        foreach (var dir in new[] { "proc", "sys", "dev", "tmp", "etc", "root", "usr/bin" }) tar.AddDirectory(dir);
        foreach (var file in files)
        {
            var name = file.TrimStart('/');
            var info = new FileInfo(file);
            if (info.LinkTarget is not null) tar.AddSymlink(name, info.LinkTarget);
            else tar.AddFile(name, await File.ReadAllBytesAsync(file, cancellationToken), TarBuilder.ModeOf(file));
        }

        foreach (var applet in Applets) tar.AddSymlink("bin/" + applet, "busybox");
        var description = "musl + busybox (" + string.Join(", ", versions) + ")";
        tar.AddFile("etc/os-release", System.Text.Encoding.UTF8.GetBytes(
            "NAME=\"mptcpmatrix alpine-like\"\nID=mptcpmatrix-musl\nPRETTY_NAME=\"" + description + "\"\n"));
        tar.AddFile("etc/passwd", "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n"u8.ToArray());
        tar.AddFile("etc/group", "root:x:0:\nnogroup:x:65534:\n"u8.ToArray());
        var (bytes, sha) = tar.Complete();
        return (bytes, sha, description);
    }
}
