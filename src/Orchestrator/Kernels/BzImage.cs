using System.Text;

namespace MptcpMatrix.Orchestrator.Kernels;

/// <summary>Reads the x86 boot protocol header of a bzImage (Documentation/arch/x86/boot.rst).</summary>
internal static class BzImage
{
    private const int BootFlagOffset = 0x1FE;
    private const int HeaderOffset = 0x202;
    private const int KernelVersionOffset = 0x20E;

    /// <summary>The release string the image carries (<c>kernel_version</c> field), or null when it is not a bzImage.</summary>
    public static string? ReadRelease(string path)
    {
        using var stream = File.OpenRead(path);
        return ReadRelease(stream);
    }

    /// <summary>
    /// Null when <paramref name="path"/> is an x86 kernel image QEMU can boot (boot flag 0xAA55, the <c>HdrS</c> header and
    /// a kernel version string); otherwise what the file is instead, for an error message ("an ELF file (an uncompressed
    /// vmlinux?)", "gzip-compressed data", "an arm64 kernel Image", "text starting with '...'", ...).
    /// </summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be read.</exception>
    public static string? Problem(string path)
    {
        using var stream = File.OpenRead(path);
        if (ReadRelease(stream) is not null) return null;
        stream.Position = 0;
        var head = new byte[0x210];
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return Describe(head.AsSpan(0, read), stream.Length);
    }

    private static string? ReadRelease(Stream stream)
    {
        var header = new byte[0x210];
        if (stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length) return null;
        if (BitConverter.ToUInt16(header, BootFlagOffset) != 0xAA55 || Encoding.ASCII.GetString(header, HeaderOffset, 4) != "HdrS") return null;
        var offset = BitConverter.ToUInt16(header, KernelVersionOffset);
        if (offset == 0) return null;
        stream.Position = 0x200 + offset;
        var buffer = new byte[256];
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        var text = Encoding.ASCII.GetString(buffer, 0, read);
        var end = text.IndexOfAny([' ', '\0']);
        return end > 0 && text[..end].All(c => c is > ' ' and <= '~') ? text[..end] : null;
    }

    private static string Describe(ReadOnlySpan<byte> head, long length)
    {
        if (length == 0) return "an empty file";
        if (head.Length >= HeaderOffset + 4 && head.Slice(HeaderOffset, 4).SequenceEqual("HdrS"u8))
            return "an x86 boot header without a boot flag or kernel version string (a damaged or cut-off bzImage?)";
        if (head.StartsWith("\u007FELF"u8)) return "an ELF file (an uncompressed vmlinux?)";
        if (head.StartsWith(new byte[] { 0x1F, 0x8B })) return "gzip-compressed data";
        if (head.StartsWith(new byte[] { 0xFD, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0 })) return "xz-compressed data";
        if (head.StartsWith(new byte[] { 0x28, 0xB5, 0x2F, 0xFD })) return "zstd-compressed data";
        if (head.StartsWith("BZh"u8)) return "bzip2-compressed data";
        if (head.StartsWith("070701"u8) || head.StartsWith("070707"u8)) return "a cpio archive (an initramfs?)";
        if (head.StartsWith("!<arch>"u8)) return "an ar archive (a .deb? matrix.yml's debian source unpacks packages)";
        if (head.Length >= 0x40 && head.Slice(0x38, 4).SequenceEqual("ARMd"u8)) return "an arm64 kernel Image (the guests are x86-64)";
        if (head.StartsWith("MZ"u8)) return "a PE/EFI executable without the x86 boot header";
        var sample = head[..Math.Min(head.Length, 40)];
        var isText = true;
        foreach (var b in sample) isText &= b is >= 0x20 and <= 0x7E or (byte)'\n' or (byte)'\r' or (byte)'\t';
        if (isText) return $"text starting with '{Encoding.ASCII.GetString(sample).Split('\n')[0].Trim()}'";
        return $"{length} bytes without the x86 boot header ('HdrS' at offset 0x202)";
    }
}
