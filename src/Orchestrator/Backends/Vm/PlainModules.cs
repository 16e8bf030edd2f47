using System.IO.Compression;
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
    public static string? Compression(string module) => Path.GetExtension(module) switch
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
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{source.FullName}\n{source.Length}\n{source.LastWriteTimeUtc.Ticks}")))[..32];
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
            var temp = $"{target}.{Environment.ProcessId}.{Guid.NewGuid():n}.tmp";
            try
            {
                File.WriteAllBytes(temp, elf);
                File.Move(temp, target, overwrite: true);
            }
            finally
            {
                if (File.Exists(temp)) File.Delete(temp);
            }

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

    /// <summary>Whether the copy in <paramref name="dir"/> still stands for a source that is there as it was decompressed.</summary>
    private static bool SourceUnchanged(DirectoryInfo dir)
    {
        var recorded = Path.Combine(dir.FullName, SourceFile);
        if (!File.Exists(recorded)) return false;
        var lines = File.ReadAllLines(recorded);
        return lines.Length >= 3 && File.Exists(lines[0]) && SourceRecord(new FileInfo(lines[0])) == string.Join("\n", lines[..3]) + "\n";
    }

    private static byte[] Decompress(byte[] data, string format)
    {
        using var input = new MemoryStream(data, writable: false);
        using Stream stream = format switch
        {
            "xz" => new SharpCompress.Compressors.Xz.XZStream(input),
            "zstd" => new ZstdSharp.DecompressionStream(input),
            _ => new GZipStream(input, CompressionMode.Decompress),
        };
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
            var source = File.Exists(recorded) ? File.ReadLines(recorded).FirstOrDefault() ?? "" : "";
            var removed = removedDirs?.Any(d => source.StartsWith(Path.TrimEndingDirectorySeparator(Path.GetFullPath(d)) + "/", StringComparison.Ordinal)) == true;
            if (!all && !removed && SourceUnchanged(dir)) continue;
            log.WriteLine($"{(dryRun ? "would remove" : "removing")} decompressed module {dir.Name[..Math.Min(12, dir.Name.Length)]} ({(all ? "--all" : removed ? "its kernel is removed" : "its source module is gone or changed")})");
            if (dryRun) continue;
            freed += dir.GetFiles().Sum(f => f.Length);
            KernelCache.TryDelete(dir.FullName);
        }

        return freed;
    }
}
