using MptcpMatrix.Orchestrator.Infrastructure;

namespace MptcpMatrix.Orchestrator.Kernels;

/// <summary>
/// What a kernel package (.deb) holds, staged as a cache entry: the image (<c>/boot/vmlinuz-&lt;ver&gt;</c> up to 6.x,
/// <c>/usr/lib/modules/&lt;ver&gt;/vmlinuz</c> from 7.x), its config, and its modules under <c>root/lib/modules/&lt;ver&gt;</c>
/// with a <c>modules.dep</c> built by depmod (the .deb ships none: its postinst runs depmod).
/// </summary>
internal static class KernelPackage
{
    /// <summary>A Debian binary package is an ar archive.</summary>
    public static bool IsDeb(string path)
    {
        Span<byte> head = stackalloc byte[8];
        using var file = File.OpenRead(path);
        return file.ReadAtLeast(head, 8, throwOnEndOfStream: false) == 8 && head.SequenceEqual("!<arch>\n"u8);
    }

    /// <summary><c>dpkg-deb -x</c> of <paramref name="deb"/> into <paramref name="extracted"/> (merging into what is there).</summary>
    public static Task ExtractAsync(string name, string deb, string extracted, CancellationToken cancellationToken) =>
        Tools.RunAsync(name, "dpkg-deb", ["-x", deb, extracted], cancellationToken, installHint: "apt-get install dpkg");

    /// <summary>The <c>Package</c> and <c>Version</c> fields of <paramref name="deb"/>'s control file.</summary>
    public static async Task<(string Package, string Version)> ControlAsync(string name, string deb, CancellationToken cancellationToken)
    {
        var result = await Tools.RunAsync(name, "dpkg-deb", ["-f", deb, "Package", "Version"], cancellationToken, installHint: "apt-get install dpkg");
        var fields = result.StandardOutput.Replace("\r", "").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(':', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        return (fields.GetValueOrDefault("Package") ?? "unknown", fields.GetValueOrDefault("Version") ?? "unknown");
    }

    /// <summary>Moves the image, config and modules out of <paramref name="extracted"/> into a new entry directory under <paramref name="work"/>.</summary>
    public static async Task<(string Staged, string Release)> StageAsync(string extracted, string work, string name, string what, CancellationToken cancellationToken)
    {
        var staged = Path.Combine(work, "entry");
        Directory.CreateDirectory(staged);
        var (vmlinuz, release) = DebianKernelProvider.FindImage(extracted)
            ?? throw new KernelException(name, $"{what} holds no /boot/vmlinuz-* or /usr/lib/modules/*/vmlinuz (from 7.x Debian's image is in linux-binary-*, not linux-image-*)", permanent: true);
        File.Move(vmlinuz, Path.Combine(staged, "vmlinuz"));
        var config = new[] { Path.Combine(extracted, "boot", "config-" + release), Path.Combine(extracted, "usr", "lib", "modules", release, "config"), Path.Combine(extracted, "lib", "modules", release, "config") }
            .FirstOrDefault(File.Exists);
        if (config is not null) File.Move(config, Path.Combine(staged, "config"));
        var modules = new[] { Path.Combine(extracted, "lib", "modules", release), Path.Combine(extracted, "usr", "lib", "modules", release) }.FirstOrDefault(Directory.Exists);
        if (modules is not null && Directory.EnumerateFiles(modules, "*.ko*", SearchOption.AllDirectories).Any())
        {
            var target = Path.Combine(staged, "root", "lib", "modules", release);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            Directory.Move(modules, target);
            // modprobe and virtme-ng need modules.dep.
            if (HostProcess.Which("depmod") is not null)
                await Tools.RunAsync(name, "depmod", ["-b", Path.Combine(staged, "root"), release], cancellationToken);
        }

        return (staged, release);
    }
}
