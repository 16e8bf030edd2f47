using System.Buffers.Binary;
using K4os.Compression.LZ4;

namespace MptcpMatrix.Orchestrator.Kernels;

/// <summary>
/// The compressed kernel inside an x86 bzImage, decompressed: the ELF <c>vmlinux</c> the kernel's own boot stub would
/// unpack. The boot protocol header says where the payload is (<c>setup_sects</c> at 0x1F1, <c>payload_offset</c> and
/// <c>payload_length</c> at 0x248, relative to the protected-mode code); the build appends the uncompressed size as the
/// payload's last four bytes (little-endian), which the result must match. Formats: gzip, xz, zstd and lz4 (the legacy
/// frame the kernel uses), the ones Debian's kernels are built with.
/// </summary>
internal static class BzImagePayload
{
    /// <summary>The payload's format: <c>gzip</c>, <c>xz</c>, <c>zstd</c>, <c>lz4</c>, or what else it is.</summary>
    public static string Format(ReadOnlySpan<byte> payload) => payload switch
    {
        [0x1F, 0x8B, ..] => "gzip",
        [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00, ..] => "xz",
        [0x28, 0xB5, 0x2F, 0xFD, ..] => "zstd",
        [0x02, 0x21, 0x4C, 0x18, ..] => "lz4",
        [0x42, 0x5A, 0x68, ..] => "bzip2",
        [0x5D, 0x00, 0x00, ..] => "lzma",
        [0x89, 0x4C, 0x5A, 0x4F, ..] => "lzo",
        _ => "unknown",
    };

    /// <summary>The payload bytes (still compressed) of <paramref name="bzImage"/>.</summary>
    public static ReadOnlyMemory<byte> Locate(ReadOnlyMemory<byte> bzImage)
    {
        var image = bzImage.Span;
        if (image.Length < 0x250 || !image.Slice(0x202, 4).SequenceEqual("HdrS"u8))
            throw new InvalidDataException("not an x86 bzImage (no HdrS boot protocol header at 0x202)");
        var protocol = BinaryPrimitives.ReadUInt16LittleEndian(image[0x206..]);
        if (protocol < 0x208) throw new InvalidDataException($"boot protocol {protocol >> 8}.{protocol & 0xFF} has no payload fields (needs 2.08)");
        var setupSectors = image[0x1F1] == 0 ? 4 : image[0x1F1];
        var start = (long)(setupSectors + 1) * 512 + BinaryPrimitives.ReadUInt32LittleEndian(image[0x248..]);
        var length = BinaryPrimitives.ReadUInt32LittleEndian(image[0x24C..]);
        if (length < 8 || start + length > image.Length) throw new InvalidDataException($"payload at {start} ({length} bytes) lies outside the {image.Length}-byte image");
        return bzImage.Slice((int)start, (int)length);
    }

    /// <summary>Decompresses the payload of <paramref name="bzImage"/>; throws <see cref="InvalidDataException"/> saying why it cannot.</summary>
    public static byte[] Decompress(ReadOnlyMemory<byte> bzImage)
    {
        var payload = Locate(bzImage);
        var span = payload.Span;
        var expected = BinaryPrimitives.ReadUInt32LittleEndian(span[^4..]);
        if (expected is 0 or > 1u << 30) throw new InvalidDataException($"the payload announces an uncompressed size of {expected} bytes");
        var data = payload[..^4];
        var format = Format(span);
        var output = new byte[expected];
        var written = format switch
        {
            "gzip" or "xz" => ReadAll(CompressedStream.Open(format, AsStream(data)), output),
            "zstd" => new ZstdSharp.Decompressor().Unwrap(data.Span, output),
            "lz4" => Lz4Legacy(data.Span, output),
            _ => throw new InvalidDataException($"the payload is {format}-compressed; only gzip, xz, zstd and lz4 are extracted"),
        };
        if (written != expected) throw new InvalidDataException($"{format} payload gave {written} bytes, the image announces {expected}");
        return output;
    }

    private static MemoryStream AsStream(ReadOnlyMemory<byte> data) => new(data.ToArray(), writable: false);

    private static int ReadAll(Stream stream, byte[] output)
    {
        using (stream)
        {
            var total = 0;
            while (total < output.Length)
            {
                var n = stream.Read(output, total, output.Length - total);
                if (n == 0) break;
                total += n;
            }

            // Anything beyond the announced size is as wrong as too little.
            if (total == output.Length && stream.ReadByte() >= 0) return total + 1;
            return total;
        }
    }

    /// <summary>lz4's legacy frame: the magic, then blocks of (u32 compressed size, data), each up to 8 MiB uncompressed.</summary>
    private static int Lz4Legacy(ReadOnlySpan<byte> data, Span<byte> output)
    {
        const uint magic = 0x184C2102;
        var position = 4;
        var written = 0;
        while (position + 4 <= data.Length)
        {
            var size = BinaryPrimitives.ReadUInt32LittleEndian(data[position..]);
            position += 4;
            if (size == magic) continue; // concatenated frames
            if (size > data.Length - position) throw new InvalidDataException($"lz4 block of {size} bytes at {position - 4} runs past the payload");
            var n = LZ4Codec.Decode(data.Slice(position, (int)size), output[written..]);
            if (n < 0) throw new InvalidDataException($"lz4 block at {position - 4} does not decode");
            written += n;
            position += (int)size;
        }

        return written;
    }
}
