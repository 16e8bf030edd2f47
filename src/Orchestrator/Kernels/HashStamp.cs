using System.Text.Json;
using MptcpMatrix.Orchestrator.Infrastructure;

namespace MptcpMatrix.Orchestrator.Kernels;

/// <summary>
/// A file's SHA-256 remembered with the size and mtime it had when hashed, in a stamp beside it (<c>FILE.sha256-stamp</c>)
/// or at a path of the caller's (files in a directory that must hold nothing else). While both are unchanged the
/// remembered hash is the file's, so a warm run hashes no cached kernel, extracted vmlinux or agent initramfs again; a
/// file that was rewritten, truncated or touched is hashed again. The one place every cache keeps content hashes.
/// </summary>
internal sealed record HashStamp(string Sha256, long Size, long MtimeTicks)
{
    public static string PathFor(string file) => file + ".sha256-stamp";

    /// <summary>The file's SHA-256: the remembered one when its size and mtime are the stamp's, else computed and stamped.</summary>
    public static async Task<string> Sha256Async(string file, CancellationToken cancellationToken, string? stampPath = null)
    {
        stampPath ??= PathFor(file);
        if (Remembered(file, stampPath) is { } known) return known;
        var before = Measure(file); // a file rewritten while it is hashed keeps a stamp that no longer fits it
        var sha = await Hashing.Sha256FileAsync(file, cancellationToken);
        Write(before, sha, stampPath);
        return sha;
    }

    /// <summary>The same, synchronously.</summary>
    public static string Sha256Of(string file, string? stampPath = null)
    {
        stampPath ??= PathFor(file);
        if (Remembered(file, stampPath) is { } known) return known;
        var before = Measure(file);
        var sha = Hashing.Sha256File(file);
        Write(before, sha, stampPath);
        return sha;
    }

    /// <summary>
    /// Whether the file still holds what it held when <see cref="Remember"/> stamped it: same size and mtime, else (hashed
    /// again) the same SHA-256, then stamped with its new mtime. A changed file leaves the stamp as it was, so it is
    /// refused again until it is rebuilt; a file without a stamp is not trusted.
    /// </summary>
    public static bool Unchanged(string file, string? stampPath = null)
    {
        stampPath ??= PathFor(file);
        if (!File.Exists(file) || Read(stampPath) is not { } stamp) return false;
        if (Remembered(file, stampPath, stamp) is not null) return true;
        var before = Measure(file);
        if (Hashing.Sha256File(file) != stamp.Sha256) return false;
        Write(before, stamp.Sha256, stampPath);
        return true;
    }

    /// <summary>Stamps <paramref name="file"/> with <paramref name="sha256"/>, its content's hash (the writer knows it).</summary>
    public static void Remember(string file, string sha256, string? stampPath = null) => Write(Measure(file), sha256, stampPath ?? PathFor(file));

    /// <summary>The file's size and mtime now (a <see cref="FileInfo"/> reads them only when first asked).</summary>
    private static (long Size, long MtimeTicks) Measure(string file)
    {
        var info = new FileInfo(file);
        return (info.Length, info.LastWriteTimeUtc.Ticks);
    }

    private static void Write((long Size, long MtimeTicks) seen, string sha256, string stampPath)
    {
        try
        {
            AtomicFile.WriteAllText(stampPath, JsonSerializer.Serialize(new HashStamp(sha256, seen.Size, seen.MtimeTicks), KernelJson.Default.HashStamp));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only cache (another user's): the hash is right, it is only not remembered.
        }
    }

    private static string? Remembered(string file, string stampPath, HashStamp? stamp = null)
    {
        stamp ??= Read(stampPath);
        return stamp is not null && (stamp.Size, stamp.MtimeTicks) == Measure(file) ? stamp.Sha256 : null;
    }

    private static HashStamp? Read(string path)
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllText(path), KernelJson.Default.HashStamp) : null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
