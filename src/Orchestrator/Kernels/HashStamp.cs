using System.Text.Json;
using MptcpMatrix.Orchestrator.Infrastructure;

namespace MptcpMatrix.Orchestrator.Kernels;

/// <summary>
/// A file's SHA-256 remembered beside it (<c>FILE.sha256-stamp</c>) with the size and mtime it had when hashed: while
/// both are unchanged the remembered hash is the file's, so a warm run does not hash a cached kernel again; a file
/// that was rewritten, truncated or touched is hashed again (and remembered anew).
/// </summary>
public sealed record HashStamp(string Sha256, long Size, long MtimeTicks)
{
    public static string PathFor(string file) => file + ".sha256-stamp";

    /// <summary>The file's SHA-256: the remembered one when its size and mtime are the stamp's, else computed and stamped.</summary>
    public static async Task<string> Sha256Async(string file, CancellationToken cancellationToken)
    {
        var info = new FileInfo(file);
        var stamp = Read(PathFor(file));
        if (stamp is not null && stamp.Size == info.Length && stamp.MtimeTicks == info.LastWriteTimeUtc.Ticks) return stamp.Sha256;
        var sha = await Hashing.Sha256FileAsync(file, cancellationToken);
        info.Refresh();
        try
        {
            AtomicFile.WriteAllText(PathFor(file), JsonSerializer.Serialize(new HashStamp(sha, info.Length, info.LastWriteTimeUtc.Ticks), KernelJson.Default.HashStamp));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only cache (another user's): the hash is right, it is only not remembered.
        }

        return sha;
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
