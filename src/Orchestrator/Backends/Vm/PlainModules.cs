using System.Security.Cryptography;
using System.Text;
using MptcpMatrix.Orchestrator.Infrastructure;
using MptcpMatrix.Orchestrator.Kernels;

namespace MptcpMatrix.Orchestrator.Backends.Vm;

/// <summary>
/// The guest's modules as plain ELF files. Debian's 6.12 and 7.x kernels ship xz-compressed modules (<c>.ko.xz</c>), and
/// finit_module's in-kernel decompression (<c>MODULE_INIT_COMPRESSED_FILE</c>) is emulated instruction by instruction
/// under TCG: loading inet_diag and tcp_diag took 91 ms (6.12) and 138 ms (7.2) of the guest's time, against 26 ms for
/// 6.1's plain <c>.ko</c> files. Each compressed module (xz, zstd, gzip) is decompressed once on the host into
/// <c>&lt;cache&gt;/modules/&lt;key&gt;/NAME.ko</c>, keyed by the source's path, size and mtime, with the copy's SHA-256
/// remembered (<see cref="HashStamp"/>): a changed source gets a new key, and a copy that no longer holds what was written
/// is written again. A module that does not decompress here to an ELF file is passed on as it is, for the guest's kernel
/// to decompress or to refuse with its own errno (the load-modules frame says which); so is one that cannot be written
/// to the cache. <c>kernels prune</c> removes the copies whose source module is gone or changed (<see cref="Prune"/>).
/// </summary>
internal static class PlainModules
{
    /// <summary>In each copy's folder: the path, size and mtime of the module it was decompressed from (<c>kernels
    /// prune</c> removes the folders whose source is gone or changed).</summary>
    public const string SourceFile = "source";

    private static ReadOnlySpan<byte> ElfMagic => [0x7F, (byte)'E', (byte)'L', (byte)'F'];

    /// <summary><paramref name="modules"/> with each compressed one replaced by its plain copy, in the same order.</summary>
    public static IReadOnlyList<string> For(IReadOnlyList<string> modules, string cacheDir)
    {
        var plain = new List<string>(modules.Count);
        foreach (var module in modules) plain.Add(PlainCopy(module, cacheDir) ?? module);
        return plain;
    }

    /// <summary>The format of a module file by its name: <c>xz</c>, <c>zstd</c>, <c>gzip</c>, or null (plain or unknown).</summary>
    private static string? Compression(string module) => Path.GetExtension(module) switch
    {
        ".xz" => "xz",
        ".zst" => "zstd",
        ".gz" => "gzip",
        _ => null,
    };

    private static string? PlainCopy(string module, string cacheDir)
    {
        if (Compression(module) is not { } format || !File.Exists(module)) return null;
        var source = new FileInfo(module);
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(SourceRecord(source))))[..32];
        var dir = Path.Combine(cacheDir, "modules", key);
        var target = Path.Combine(dir, Path.GetFileNameWithoutExtension(module));
        if (HashStamp.Unchanged(target)) return target;
        byte[] elf;
        try
        {
            elf = Decompress(File.ReadAllBytes(module), format);
        }
        catch (Exception e) when (e is not (OutOfMemoryException or OperationCanceledException))
        {
            // Whatever the decoder throws for a damaged stream (SharpCompress and ZstdSharp have their own exception
            // types): the guest's kernel gets the file as it is, and its finit_module answer goes into the load-modules frame.
            return null;
        }

        if (!elf.AsSpan().StartsWith(ElfMagic)) return null;
        try
        {
            Directory.CreateDirectory(dir);
            AtomicFile.WriteAllText(Path.Combine(dir, SourceFile), SourceRecord(source));
            AtomicFile.WriteAllBytes(target, elf);
            HashStamp.Remember(target, Convert.ToHexStringLower(SHA256.HashData(elf)));
            return target;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A full disk, another user's read-only cache, a prune removing the folder meanwhile: a speed-up is not worth
            // a failed boot, and the guest's kernel can decompress the module itself.
            return null;
        }
    }

    /// <summary>What <see cref="SourceFile"/> holds: the source's path, size and mtime (ticks), a line each.</summary>
    private static string SourceRecord(FileInfo source) => $"{source.FullName}\n{source.Length}\n{source.LastWriteTimeUtc.Ticks}\n";

    private static byte[] Decompress(byte[] data, string format)
    {
        using var stream = CompressedStream.Open(format, new MemoryStream(data, writable: false));
        using var output = new MemoryStream(data.Length * 4);
        stream.CopyTo(output);
        return output.ToArray();
    }

    /// <summary>Removes the copies whose source module is gone or changed (a kernel entry fetched again, a rebuilt path
    /// kernel: a new copy was made under a new key) or lies in one of <paramref name="removedDirs"/> (the kernel entries
    /// this prune removes, or would: a dry run lists their copies too), all of them with <paramref name="all"/>; returns
    /// the bytes freed. A folder without its source record yet is being written by a run and left alone for a minute.</summary>
    public static long Prune(string cacheDir, bool all, bool dryRun, TextWriter log, IReadOnlyList<string>? removedDirs = null)
    {
        var root = new DirectoryInfo(Path.Combine(cacheDir, "modules"));
        if (!root.Exists) return 0;
        long freed = 0;
        foreach (var dir in root.GetDirectories())
        {
            var recorded = Path.Combine(dir.FullName, SourceFile);
            if (!all && !File.Exists(recorded) && DateTime.UtcNow - dir.CreationTimeUtc < TimeSpan.FromMinutes(1)) continue;
            var record = File.Exists(recorded) ? File.ReadAllText(recorded) : "";
            var source = record.Split('\n')[0];
            var removed = removedDirs?.Any(d => source.StartsWith(Path.TrimEndingDirectorySeparator(Path.GetFullPath(d)) + "/", StringComparison.Ordinal)) == true;
            // Kept while its source is there as it was decompressed (the same record).
            var unchanged = source.Length > 0 && File.Exists(source) && SourceRecord(new FileInfo(source)) == record;
            if (!all && !removed && unchanged) continue;
            log.WriteLine($"{(dryRun ? "would remove" : "removing")} decompressed module {dir.Name[..Math.Min(12, dir.Name.Length)]} ({(all ? "--all" : removed ? "its kernel is removed" : "its source module is gone or changed")})");
            if (dryRun) continue;
            freed += dir.GetFiles().Sum(f => f.Length);
            KernelCache.TryDelete(dir.FullName);
        }

        return freed;
    }
}
