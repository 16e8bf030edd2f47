using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using MptcpMatrix.Orchestrator.Kernels;

namespace MptcpMatrix.Orchestrator.Backends.Vm;

/// <summary>
/// Builds the guest's initramfs in C#: a cpio newc archive (gzip-compressed unless asked otherwise) holding an init
/// program as <c>/init</c>, its dynamic loader at the path the ELF asks for (<c>/lib64/ld-linux-x86-64.so.2</c>), its
/// libraries in Debian's multiarch directory (where that loader looks without an ld.so.cache), <c>/dev/console</c>, and
/// empty <c>/proc /sys /dev /tmp /run</c>. No busybox, no shell.
/// </summary>
internal static class InitramfsBuilder
{
    public const string LoaderPath = "lib64/ld-linux-x86-64.so.2";
    public const string LibraryDir = "lib/x86_64-linux-gnu";

    /// <summary>Where a boot's plan is in the guest's root (<c>/init-plan.json</c>), read by the agent's init mode.</summary>
    public const string PlanPath = "init-plan.json";

    /// <summary>Bumped whenever the layout changes, so cached archives are rebuilt.</summary>
    private const string LayoutVersion = "initramfs-v2";

    /// <summary>Writes the archive for <paramref name="init"/> (a static binary, or a dynamic one whose loader and libraries are in <paramref name="libraryDir"/>).</summary>
    /// <param name="extraFiles">More files (executable when <c>Executable</c>), e.g. what a test's <c>init-extras.json</c> runs.</param>
    public static void Write(Stream output, string init, string? libraryDir, bool compress, IReadOnlyList<(string Source, string ArchivePath, bool Executable)>? extraFiles = null)
    {
        // Compressed once per agent build and cached: the smallest size costs a fraction of a second here, once, and every
        // boot then reads and inflates fewer bytes.
        using var compressed = compress ? new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true) : null;
        var target = (Stream?)compressed ?? output;
        using (var cpio = new CpioWriter(target))
        {
            foreach (var dir in new[] { "dev", "proc", "sys", "tmp", "run", "lib", "lib64", LibraryDir }) cpio.AddParents(dir + "/x");
            cpio.AddCharDevice("dev/console", 5, 1);
            cpio.AddFile("init", File.ReadAllBytes(init), 0x1ED);
            if (libraryDir is not null)
            {
                foreach (var library in Directory.GetFiles(libraryDir).Order(StringComparer.Ordinal))
                {
                    var name = Path.GetFileName(library);
                    cpio.AddFile(name.StartsWith("ld-linux", StringComparison.Ordinal) ? LoaderPath : $"{LibraryDir}/{name}", File.ReadAllBytes(library), 0x1ED);
                }
            }

            foreach (var (source, archivePath, executable) in extraFiles ?? [])
            {
                cpio.AddParents(archivePath);
                cpio.AddFile(archivePath, File.ReadAllBytes(source), executable ? 0x1EDu : 0x1A4u);
            }
        }

        target.Flush();
    }

    /// <summary>
    /// One boot's initramfs at <paramref name="target"/>: <paramref name="baseArchive"/> (the agent's, cached; compressed or
    /// not), NUL-padded to a multiple of 4 bytes, then an uncompressed cpio archive holding only <c>/init-plan.json</c>.
    /// The kernel unpacks concatenated archives one after the other (buffer-format.rst; the padding keeps the second
    /// header aligned after a compressed first one), so the plan has no size limit and the cached archive stays as it is:
    /// a copy of its bytes per boot (3.3 MB, milliseconds) is all this costs.
    /// </summary>
    /// <param name="modules">Kernel modules the init loads first (<see cref="GuestModules"/>): put under <c>/modules</c> with
    /// an <c>/init-extras.json</c> that lists them, in order.</param>
    public static void WriteWithPlan(string baseArchive, ReadOnlySpan<byte> planJson, string target, IReadOnlyList<string>? modules = null)
    {
        using var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        using (var input = File.OpenRead(baseArchive)) input.CopyTo(output);
        for (var pad = (4 - output.Length % 4) % 4; pad > 0; pad--) output.WriteByte(0);
        using (var cpio = new CpioWriter(output))
        {
            cpio.AddFile(PlanPath, planJson);
            if (modules is { Count: > 0 })
            {
                cpio.AddParents("modules/x");
                var paths = new List<string>(modules.Count);
                foreach (var module in modules)
                {
                    var archivePath = "modules/" + Path.GetFileName(module);
                    cpio.AddFile(archivePath, File.ReadAllBytes(module), 0x1A4);
                    paths.Add("/" + archivePath);
                }

                cpio.AddFile(ExtrasPath, System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new GuestExtrasFile(paths), VmJson.Default.GuestExtrasFile));
            }
        }

        output.Flush();
    }

    /// <summary>Where the init looks for modules to load and programs to run (the agent's <c>GuestExtras</c>).</summary>
    public const string ExtrasPath = "init-extras.json";

    /// <summary>
    /// The agent's initramfs, built once per agent build and kept in <c>&lt;cache&gt;/initramfs/&lt;sha256&gt;.cpio[.gz]</c>
    /// (keyed by the content of what it holds; written atomically). It holds the statically linked agent when the build
    /// made one (3.3 MB instead of the agent, its loader, libc and libm: 5.4 MB for the kernel to unpack, and no dynamic
    /// loading at start-up), else the dynamic agent with its loader and libraries from the bundle.
    /// <para>Nothing is hashed again on a warm run (<see cref="HashStamp"/>): the agent's files' SHA-256s, which name the
    /// archive, are remembered under <c>initramfs/inputs/</c> with their size and mtime, and the archive's own SHA-256
    /// beside it (<c>.sha256-stamp</c>). A file whose size or mtime moved is hashed again: a rebuilt agent names a new
    /// archive, and an archive that no longer holds what was written (or has no stamp) is rebuilt, never booted.</para>
    /// </summary>
    public static string ForAgent(AgentArtifacts agent, string cacheDir, bool compress = false)
    {
        var bundle = Path.Combine(agent.BundleRoot, "opt", "mptcp-agent");
        var useStatic = agent.StaticBinary is { } s && File.Exists(s);
        var binary = useStatic ? agent.StaticBinary! : Path.Combine(bundle, "mptcp-agent");
        var libs = useStatic ? null : Path.Combine(bundle, "lib");
        if (!File.Exists(binary) || (libs is not null && !Directory.Exists(libs)))
            throw new FileNotFoundException($"the agent bundle is missing ({binary}); build it with: scripts/build-agent.sh", binary);
        var dir = Path.Combine(cacheDir, "initramfs");
        Directory.CreateDirectory(dir);
        IReadOnlyList<string> inputs = libs is null ? [binary] : new[] { binary }.Concat(Directory.GetFiles(libs).Order(StringComparer.Ordinal)).ToList();
        var path = Path.Combine(dir, ArchiveName(inputs, dir, compress, useStatic));
        if (HashStamp.Unchanged(path)) return path;
        var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():n}.tmp";
        try
        {
            using (var stream = File.Create(temp)) Write(stream, binary, libs, compress);
            var sha = Hashing.Sha256File(temp);
            File.Move(temp, path, overwrite: true);
            HashStamp.Remember(path, sha);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }

        return path;
    }

    /// <summary>The archive's name: the SHA-256 of the layout and of each input's name and SHA-256 (remembered, <see cref="HashStamp"/>).</summary>
    private static string ArchiveName(IReadOnlyList<string> inputs, string dir, bool compress, bool useStatic)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes(LayoutVersion + (compress ? "gz" : "raw") + (useStatic ? "static" : "dynamic")));
        foreach (var file in inputs)
        {
            var stamp = Path.Combine(dir, "inputs", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(file)))) + ".sha256-stamp");
            sha.AppendData(Encoding.UTF8.GetBytes(Path.GetFileName(file) + "=" + HashStamp.Sha256Of(file, stamp) + "\n"));
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset()) + (compress ? ".cpio.gz" : ".cpio");
    }
}
