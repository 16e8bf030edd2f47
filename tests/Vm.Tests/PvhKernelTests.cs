using System.Buffers.Binary;
using System.IO.Compression;
using MptcpMatrix.Orchestrator.Backends.Vm;
using MptcpMatrix.Orchestrator.Kernels;
using MptcpMatrix.Vm.Tests.Support;

namespace MptcpMatrix.Vm.Tests;

/// <summary>The uncompressed vmlinux behind PVH boots: extracted from real Debian bzImages (lz4, zstd, xz) and a crafted gzip one.</summary>
public sealed class PvhKernelTests : IDisposable
{
    private readonly DirectoryInfo _cache = Directory.CreateTempSubdirectory("mptcpmatrix-pvhtest-");

    public void Dispose() => _cache.Delete(recursive: true);

    [Theory]
    [InlineData("bookworm", "cloud", "lz4")]
    [InlineData("trixie", "cloud", "zstd")]
    [InlineData("bookworm", "generic", "xz")]
    public async Task Each_debian_payload_format_extracts_to_the_announced_size_as_an_elf_with_the_pvh_note(string suite, string flavour, string format)
    {
        var image = await TestKernels.GetAsync(new Orchestrator.Cells.KernelSource("debian", Suite: suite, Flavour: flavour));
        var bzImage = await File.ReadAllBytesAsync(image.Vmlinuz, TestContext.Current.CancellationToken);
        var payload = BzImagePayload.Locate(bzImage);

        var elf = BzImagePayload.Decompress(bzImage);

        Assert.Equal(format, BzImagePayload.Format(payload.Span));
        Assert.Equal(BinaryPrimitives.ReadUInt32LittleEndian(payload.Span[^4..]), (uint)elf.Length);
        Assert.True(ElfPvhNote.Has(elf, out var what), what);
    }

    [Fact]
    public async Task A_gzip_payload_extracts_too()
    {
        var (bzImage, elf) = await CraftAsync(e => e);

        Assert.Equal(elf, BzImagePayload.Decompress(bzImage));
    }

    [Fact]
    public async Task A_kernel_whose_vmlinux_has_no_pvh_note_boots_from_its_bzimage_and_the_decision_is_remembered()
    {
        // The same kernel with its PT_NOTE segments turned into PT_NULL: what a kernel built without CONFIG_PVH looks like to QEMU.
        var (bzImage, _) = await CraftAsync(WithoutNotes);
        var path = Path.Combine(_cache.FullName, "bzImage-nopvh");
        await File.WriteAllBytesAsync(path, bzImage, TestContext.Current.CancellationToken);
        var image = new KernelImage(path, "6.1.0-crafted", "path:" + path, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bzImage)),
            null, null, null, null, null);

        var boot = await PvhKernels.ResolveAsync(image, _cache.FullName, TestContext.Current.CancellationToken);

        Assert.Equal((BootKernel.BzImage, path), (boot.Entry, boot.Path));
        Assert.Contains("without the PVH entry note", boot.Why, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_cache.FullName, "pvh", image.Sha256 + ".no-pvh")));
        Assert.Equal(boot, await PvhKernels.ResolveAsync(image, _cache.FullName, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_kernel_whose_config_lacks_config_pvh_is_not_even_extracted()
    {
        var real = await TestKernels.GetAsync(TestKernels.Bookworm);
        var config = Path.Combine(_cache.FullName, "config");
        await File.WriteAllLinesAsync(config, File.ReadLines(real.Config!).Select(l => l == "CONFIG_PVH=y" ? "# CONFIG_PVH is not set" : l), TestContext.Current.CancellationToken);

        var boot = await PvhKernels.ResolveAsync(real with { Config = config }, _cache.FullName, TestContext.Current.CancellationToken);

        Assert.Equal((BootKernel.BzImage, real.Vmlinuz, "the kernel config has no CONFIG_PVH=y"), (boot.Entry, boot.Path, boot.Why));
        Assert.False(Directory.Exists(Path.Combine(_cache.FullName, "pvh")) && Directory.EnumerateFiles(Path.Combine(_cache.FullName, "pvh")).Any());
    }

    [Fact]
    public async Task A_corrupted_extracted_vmlinux_in_the_cache_is_detected_and_rebuilt()
    {
        var image = await TestKernels.GetAsync(TestKernels.Bookworm);
        var first = await PvhKernels.ResolveAsync(image, _cache.FullName, TestContext.Current.CancellationToken);
        Assert.Equal(BootKernel.Pvh, first.Entry);
        var good = await File.ReadAllBytesAsync(first.Path, TestContext.Current.CancellationToken);

        // Same size, one byte changed (a disk error or another program): the mtime moves, so the content is hashed again.
        var damaged = (byte[])good.Clone();
        damaged[damaged.Length / 3] ^= 0x5A;
        await File.WriteAllBytesAsync(first.Path, damaged, TestContext.Current.CancellationToken);
        var again = await PvhKernels.ResolveAsync(image, _cache.FullName, TestContext.Current.CancellationToken);

        Assert.Equal((BootKernel.Pvh, first.Path), (again.Entry, again.Path));
        Assert.Equal(good, await File.ReadAllBytesAsync(again.Path, TestContext.Current.CancellationToken));
    }

    [Fact]
    public void A_file_that_is_not_a_bzimage_is_refused_saying_so()
    {
        var e = Assert.Throws<InvalidDataException>(() => BzImagePayload.Decompress(new byte[4096]));
        Assert.Contains("no HdrS", e.Message, StringComparison.Ordinal);
    }

    /// <summary>A bzImage made of bookworm's setup header and a new gzip payload: <paramref name="transform"/> of its vmlinux.</summary>
    private static async Task<(byte[] BzImage, byte[] Elf)> CraftAsync(Func<byte[], byte[]> transform)
    {
        var real = await TestKernels.GetAsync(TestKernels.Bookworm);
        var original = await File.ReadAllBytesAsync(real.Vmlinuz, TestContext.Current.CancellationToken);
        var elf = transform(BzImagePayload.Decompress(original));
        var compressed = new MemoryStream();
        using (var z = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true)) z.Write(elf);
        var setupSectors = original[0x1F1] == 0 ? 4 : original[0x1F1];
        var start = (setupSectors + 1) * 512 + (int)BinaryPrimitives.ReadUInt32LittleEndian(original.AsSpan(0x248));
        var payload = compressed.ToArray().Concat(BitConverter.GetBytes((uint)elf.Length)).ToArray();
        var image = new byte[start + payload.Length];
        original.AsSpan(0, start).CopyTo(image);
        payload.CopyTo(image, start);
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(0x24C), (uint)payload.Length);
        return (image, elf);
    }

    private static byte[] WithoutNotes(byte[] elf)
    {
        var copy = (byte[])elf.Clone();
        var phoff = (int)BinaryPrimitives.ReadUInt64LittleEndian(copy.AsSpan(0x20));
        var phentsize = BinaryPrimitives.ReadUInt16LittleEndian(copy.AsSpan(0x36));
        var phnum = BinaryPrimitives.ReadUInt16LittleEndian(copy.AsSpan(0x38));
        for (var i = 0; i < phnum; i++)
        {
            var at = phoff + i * phentsize;
            if (BinaryPrimitives.ReadUInt32LittleEndian(copy.AsSpan(at)) == 4) BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(at), 0);
        }

        return copy;
    }
}
