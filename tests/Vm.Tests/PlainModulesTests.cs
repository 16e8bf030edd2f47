using System.IO.Compression;
using MptcpMatrix.Orchestrator.Backends.Vm;
using MptcpMatrix.Orchestrator.Kernels;
using MptcpMatrix.Vm.Tests.Support;

namespace MptcpMatrix.Vm.Tests;

/// <summary>The guest's modules decompressed on the host, from trixie's real xz-compressed tcp_diag module.</summary>
public sealed class PlainModulesTests : IDisposable
{
    private readonly DirectoryInfo _cache = Directory.CreateTempSubdirectory("mptcpmatrix-plainmodules-");

    public void Dispose() => _cache.Delete(recursive: true);

    /// <summary>trixie's tcp_diag.ko.xz and what it holds (decompressed by the xz tool, not by the code under test).</summary>
    private static async Task<(string Xz, byte[] Elf)> TrixieTcpDiagAsync()
    {
        var image = await TestKernels.GetAsync(TestKernels.Trixie);
        var xz = Assert.Single(ModuleClosure.Of(image.ModulesDir!, ["tcp_diag"]), m => Path.GetFileName(m) == "tcp_diag.ko.xz");
        TestSupport.Requires.Executable("xz", "apt-get install xz-utils");
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("xz", ["-dc", xz]) { RedirectStandardOutput = true })!;
        using var decoded = new MemoryStream();
        await process.StandardOutput.BaseStream.CopyToAsync(decoded, TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0, process.ExitCode);
        return (xz, decoded.ToArray());
    }

    [Fact]
    public async Task An_xz_module_is_decompressed_once_into_the_cache_as_the_same_elf_named_ko()
    {
        var (xz, elf) = await TrixieTcpDiagAsync();

        var plain = Assert.Single(PlainModules.For([xz], _cache.FullName));

        Assert.Equal("tcp_diag.ko", Path.GetFileName(plain));
        Assert.StartsWith(Path.Combine(_cache.FullName, "modules"), plain, StringComparison.Ordinal);
        Assert.Equal(elf, await File.ReadAllBytesAsync(plain, TestContext.Current.CancellationToken));
        var written = File.GetLastWriteTimeUtc(plain);
        Assert.Equal(plain, Assert.Single(PlainModules.For([xz], _cache.FullName)));
        Assert.Equal(written, File.GetLastWriteTimeUtc(plain));
    }

    [Theory]
    [InlineData(".zst")]
    [InlineData(".gz")]
    public async Task Zstd_and_gzip_modules_are_decompressed_too(string extension)
    {
        var (_, elf) = await TrixieTcpDiagAsync();
        var source = Path.Combine(_cache.FullName, "tcp_diag.ko" + extension);
        await File.WriteAllBytesAsync(source, extension == ".zst" ? new ZstdSharp.Compressor(3).Wrap(elf).ToArray() : Gzip(elf), TestContext.Current.CancellationToken);

        var plain = Assert.Single(PlainModules.For([source], _cache.FullName));

        Assert.Equal(elf, await File.ReadAllBytesAsync(plain, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_copy_altered_in_the_cache_is_written_again_and_a_changed_source_gets_its_own()
    {
        var (xz, elf) = await TrixieTcpDiagAsync();
        var plain = Assert.Single(PlainModules.For([xz], _cache.FullName));
        await File.WriteAllBytesAsync(plain, elf.AsSpan(0, 100).ToArray(), TestContext.Current.CancellationToken);

        Assert.Equal(plain, Assert.Single(PlainModules.For([xz], _cache.FullName)));
        Assert.Equal(elf, await File.ReadAllBytesAsync(plain, TestContext.Current.CancellationToken));

        var copy = Path.Combine(_cache.FullName, "tcp_diag.ko.xz");
        File.Copy(xz, copy);
        Assert.NotEqual(plain, Assert.Single(PlainModules.For([copy], _cache.FullName)));
    }

    [Fact]
    public async Task A_source_replaced_at_the_same_path_gets_a_new_copy_and_prune_drops_the_old_one()
    {
        var (xz, _) = await TrixieTcpDiagAsync();
        var source = Path.Combine(_cache.FullName, "tcp_diag.ko.xz");
        File.Copy(xz, source);
        File.SetLastWriteTimeUtc(source, DateTime.UtcNow.AddMinutes(-10));
        var first = Assert.Single(PlainModules.For([source], _cache.FullName));
        // The same path written again (an entry fetched again, a rebuilt path kernel): same name, another mtime.
        File.Copy(xz, source, overwrite: true);
        File.SetLastWriteTimeUtc(source, DateTime.UtcNow.AddMinutes(-5));

        var second = Assert.Single(PlainModules.For([source], _cache.FullName));

        Assert.NotEqual(first, second);
        PlainModules.Prune(_cache.FullName, all: false, dryRun: false, new StringWriter());
        Assert.False(File.Exists(first));
        Assert.True(File.Exists(second));
    }

    [Fact]
    public async Task A_plain_module_and_one_that_does_not_decompress_to_an_elf_are_passed_on_as_they_are()
    {
        var plain = Path.Combine(_cache.FullName, "a.ko");
        var notElf = Path.Combine(_cache.FullName, "b.ko.gz");
        var corrupt = Path.Combine(_cache.FullName, "c.ko.xz");
        await File.WriteAllBytesAsync(plain, [0x7F, (byte)'E', (byte)'L', (byte)'F', 2], TestContext.Current.CancellationToken);
        await File.WriteAllBytesAsync(notElf, Gzip("not a module"u8.ToArray()), TestContext.Current.CancellationToken);
        await File.WriteAllBytesAsync(corrupt, [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00, 1, 2, 3], TestContext.Current.CancellationToken);

        Assert.Equal([plain, notElf, corrupt], PlainModules.For([plain, notElf, corrupt], _cache.FullName));
        Assert.False(Directory.Exists(Path.Combine(_cache.FullName, "modules")));
    }

    [Fact]
    public async Task A_real_xz_module_damaged_in_the_middle_is_passed_on_as_it_is()
    {
        var (xz, _) = await TrixieTcpDiagAsync();
        var bytes = await File.ReadAllBytesAsync(xz, TestContext.Current.CancellationToken);
        for (var i = bytes.Length / 2; i < bytes.Length / 2 + 64; i++) bytes[i] ^= 0x5A;
        var damaged = Path.Combine(_cache.FullName, "tcp_diag.ko.xz");
        await File.WriteAllBytesAsync(damaged, bytes, TestContext.Current.CancellationToken);

        Assert.Equal([damaged], PlainModules.For([damaged], _cache.FullName));
    }

    [Fact]
    public async Task Prune_removes_the_copies_whose_source_is_gone_and_keeps_the_others()
    {
        var (xz, _) = await TrixieTcpDiagAsync();
        var gone = Path.Combine(_cache.FullName, "gone.ko.xz");
        File.Copy(xz, gone);
        var kept = Assert.Single(PlainModules.For([xz], _cache.FullName));
        var removed = Assert.Single(PlainModules.For([gone], _cache.FullName));
        File.Delete(gone);
        var log = new StringWriter();

        Assert.True(PlainModules.Prune(_cache.FullName, all: false, dryRun: false, log) > 0);

        Assert.True(File.Exists(kept));
        Assert.False(Directory.Exists(Path.GetDirectoryName(removed)));
        Assert.Contains("its source module is gone or changed", log.ToString(), StringComparison.Ordinal);
        PlainModules.Prune(_cache.FullName, all: true, dryRun: false, log);
        Assert.False(File.Exists(kept));
    }

    [Fact]
    public async Task A_dry_run_lists_the_copies_of_the_kernels_it_would_remove_and_removes_nothing()
    {
        var (xz, _) = await TrixieTcpDiagAsync();
        var entry = Directory.CreateDirectory(Path.Combine(_cache.FullName, "kernels", "entry"));
        var source = Path.Combine(entry.FullName, "tcp_diag.ko.xz");
        File.Copy(xz, source);
        var copy = Assert.Single(PlainModules.For([source], _cache.FullName));
        var log = new StringWriter();

        Assert.Equal(0, PlainModules.Prune(_cache.FullName, all: false, dryRun: true, log, [entry.FullName]));

        Assert.Contains("would remove decompressed module", log.ToString(), StringComparison.Ordinal);
        Assert.True(File.Exists(copy));
        Assert.True(PlainModules.Prune(_cache.FullName, all: false, dryRun: false, new StringWriter(), [entry.FullName]) > 0);
        Assert.False(File.Exists(copy));
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest)) gzip.Write(data);
        return output.ToArray();
    }
}
