using System.CommandLine;
using MptcpMatrix.Orchestrator.Commands;
using MptcpMatrix.Orchestrator.Kernels;
using MptcpMatrix.Vm.Tests.Support;

namespace MptcpMatrix.Vm.Tests;

public sealed class KernelsCommandTests : IDisposable
{
    private readonly DirectoryInfo _cache = Directory.CreateTempSubdirectory("mptcpmatrix-prunetest-");

    public void Dispose() => _cache.Delete(recursive: true);

    private async Task<string> EntryAsync(string key, string? package, bool resolved)
    {
        var cache = new KernelCache(_cache.FullName);
        var staged = cache.NewTempDir();
        File.Copy((await TestKernels.GetAsync(TestKernels.Bookworm)).Vmlinuz, Path.Combine(staged, "vmlinuz"));
        var image = await cache.CommitAsync(staged, key, "test", "6.1.0-test", package, package is null ? null : "1", null, TestContext.Current.CancellationToken);
        if (resolved) cache.WriteResolution("src-" + key, new KernelResolution("test", key, package ?? "", DateTimeOffset.UtcNow));
        return image.Vmlinuz;
    }

    private Task<int> KernelsAsync(params string[] args) =>
        new RootCommand { KernelsCommand.Create() }.Parse(["kernels", .. args, "--cache", _cache.FullName]).InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);

    [Fact]
    public async Task Prune_removes_damaged_and_superseded_kernels_and_keeps_the_ones_in_use()
    {
        var damaged = await EntryAsync(new string('a', 64), "linux-image-a", resolved: true);
        await EntryAsync(new string('b', 64), "linux-image-b", resolved: false);
        await EntryAsync(new string('c', 64), "linux-image-c", resolved: true);
        await File.WriteAllTextAsync(damaged, "truncated", TestContext.Current.CancellationToken);
        var kernels = Path.Combine(_cache.FullName, "kernels");

        Assert.Equal(0, await KernelsAsync("prune", "--dry-run"));
        Assert.Equal(3, Directory.GetDirectories(kernels).Count(d => Hashing.IsSha256(Path.GetFileName(d))));

        Assert.Equal(0, await KernelsAsync("prune"));
        var left = Directory.GetDirectories(kernels).Select(Path.GetFileName).Where(Hashing.IsSha256).ToList();
        Assert.Equal([new string('c', 64)], left);

        Assert.Equal(0, await KernelsAsync("prune", "--all"));
        Assert.DoesNotContain(Directory.GetDirectories(kernels), d => Hashing.IsSha256(Path.GetFileName(d)));
    }

    [Fact]
    public async Task Prune_keeps_the_current_initramfs_with_its_digest_and_the_pvh_image_of_a_kept_kernel_only()
    {
        await EntryAsync(new string('c', 64), "linux-image-c", resolved: true);
        var keptSha = (await TestKernels.GetAsync(TestKernels.Bookworm)).Sha256;
        var initramfs = Directory.CreateDirectory(Path.Combine(_cache.FullName, "initramfs")).FullName;
        var pvh = Directory.CreateDirectory(Path.Combine(_cache.FullName, "pvh")).FullName;
        void Write(string path, DateTime when)
        {
            File.WriteAllText(path, "x");
            File.SetLastWriteTimeUtc(path, when);
        }

        var now = DateTime.UtcNow;
        Write(Path.Combine(initramfs, "old.cpio"), now.AddHours(-2));
        Write(Path.Combine(initramfs, "old.cpio.sha256"), now.AddHours(-2));
        // The digest is written just before its archive is moved into place: newer than the archive itself.
        Write(Path.Combine(initramfs, "new.cpio"), now.AddMinutes(-1));
        Write(Path.Combine(initramfs, "new.cpio.sha256"), now);
        Write(Path.Combine(pvh, keptSha + ".vmlinux"), now);
        Write(Path.Combine(pvh, keptSha + ".vmlinux.json"), now);
        Write(Path.Combine(pvh, new string('d', 64) + ".vmlinux"), now);
        Write(Path.Combine(pvh, new string('e', 64) + ".no-pvh"), now);

        Assert.Equal(0, await KernelsAsync("prune"));

        Assert.Equal(["new.cpio", "new.cpio.sha256"], Directory.GetFiles(initramfs).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal([keptSha + ".vmlinux", keptSha + ".vmlinux.json"], Directory.GetFiles(pvh).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task List_succeeds_on_an_empty_cache_and_pull_rejects_an_unknown_flavour()
    {
        Assert.Equal(0, await KernelsAsync("list"));
        Assert.NotEqual(0, await KernelsAsync("pull", "--suite", "bookworm", "--flavour", "tiny"));
    }
}
