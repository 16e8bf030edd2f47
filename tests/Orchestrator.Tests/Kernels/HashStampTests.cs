using MptcpMatrix.Orchestrator.Kernels;
using MptcpMatrix.Orchestrator.Tests.Support;

namespace MptcpMatrix.Orchestrator.Tests.Kernels;

/// <summary>A cached file's SHA-256 is computed once per change of the file, and a changed file is always hashed again.</summary>
public sealed class HashStampTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_unchanged_file_is_not_hashed_again_its_remembered_hash_is_returned()
    {
        using var dir = new TempDir();
        var file = dir.File("vmlinuz", "kernel bytes");
        var real = await Hashing.Sha256FileAsync(file, Ct);
        Assert.Equal(real, await HashStamp.Sha256Async(file, Ct));

        // Proof that the second call reads the stamp, not the file: a stamp with another hash (same size and mtime) wins.
        var stamp = HashStamp.PathFor(file);
        File.WriteAllText(stamp, File.ReadAllText(stamp).Replace(real, new string('a', 64), StringComparison.Ordinal));

        Assert.Equal(new string('a', 64), await HashStamp.Sha256Async(file, Ct));
    }

    [Fact]
    public async Task A_file_rewritten_with_the_same_size_is_hashed_again_by_its_new_mtime()
    {
        using var dir = new TempDir();
        var file = dir.File("vmlinuz", "kernel bytes");
        var before = await HashStamp.Sha256Async(file, Ct);
        File.WriteAllText(file, "kernel BYTES");
        File.SetLastWriteTimeUtc(file, File.GetLastWriteTimeUtc(file).AddSeconds(1));

        var after = await HashStamp.Sha256Async(file, Ct);

        Assert.NotEqual(before, after);
        Assert.Equal(await Hashing.Sha256FileAsync(file, Ct), after);
    }

    [Fact]
    public async Task A_truncated_file_is_hashed_again_even_when_its_mtime_is_put_back()
    {
        using var dir = new TempDir();
        var file = dir.File("vmlinuz", "kernel bytes");
        var mtime = File.GetLastWriteTimeUtc(file);
        var before = await HashStamp.Sha256Async(file, Ct);
        File.WriteAllText(file, "kernel");
        File.SetLastWriteTimeUtc(file, mtime);

        Assert.NotEqual(before, await HashStamp.Sha256Async(file, Ct));
    }

    [Fact]
    public async Task A_damaged_stamp_is_ignored_and_the_file_hashed()
    {
        using var dir = new TempDir();
        var file = dir.File("vmlinuz", "kernel bytes");
        File.WriteAllText(HashStamp.PathFor(file), "{not json");

        Assert.Equal(await Hashing.Sha256FileAsync(file, Ct), await HashStamp.Sha256Async(file, Ct));
    }
}
