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

    [Fact]
    public void A_file_altered_after_it_was_stamped_is_refused_and_stays_refused_until_it_is_stamped_again()
    {
        using var dir = new TempDir();
        var file = dir.File("vmlinux", "extracted bytes");
        HashStamp.Remember(file, Hashing.Sha256File(file));
        Assert.True(HashStamp.Unchanged(file));

        File.WriteAllText(file, "extracted bytes, altered");

        Assert.False(HashStamp.Unchanged(file));
        Assert.False(HashStamp.Unchanged(file)); // the stamp still holds what was written, not what is there now
        HashStamp.Remember(file, Hashing.Sha256File(file));
        Assert.True(HashStamp.Unchanged(file));
    }

    [Fact]
    public void A_file_touched_but_not_altered_is_unchanged_and_its_new_mtime_remembered()
    {
        using var dir = new TempDir();
        var file = dir.File("vmlinux", "extracted bytes");
        HashStamp.Remember(file, Hashing.Sha256File(file));
        File.SetLastWriteTimeUtc(file, File.GetLastWriteTimeUtc(file).AddSeconds(5));

        Assert.True(HashStamp.Unchanged(file));
        Assert.Contains(File.GetLastWriteTimeUtc(file).Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture), File.ReadAllText(HashStamp.PathFor(file)),
            StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_without_a_stamp_is_not_trusted_as_unchanged()
    {
        using var dir = new TempDir();
        var file = dir.File("initramfs.cpio", "archive bytes");

        Assert.False(HashStamp.Unchanged(file));
        Assert.False(HashStamp.Unchanged(Path.Combine(dir.Path, "missing")));
    }

    [Fact]
    public void A_stamp_can_live_elsewhere_than_beside_its_file()
    {
        using var dir = new TempDir();
        var file = dir.File("mptcp-agent", "agent bytes");
        var stamp = Path.Combine(dir.Path, "stamps", "agent.sha256-stamp");

        Assert.Equal(Hashing.Sha256File(file), HashStamp.Sha256Of(file, stamp));

        Assert.True(File.Exists(stamp));
        Assert.False(File.Exists(HashStamp.PathFor(file)));
    }
}
