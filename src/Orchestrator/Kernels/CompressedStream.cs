using System.IO.Compression;

namespace MptcpMatrix.Orchestrator.Kernels;

/// <summary>
/// The stream decoders of the formats Debian's kernel images and modules are compressed with, by the names
/// <see cref="BzImagePayload.Format"/> gives them: the one place that says which library decodes which format.
/// </summary>
internal static class CompressedStream
{
    /// <summary>A stream of <paramref name="input"/> decompressed as <paramref name="format"/> (gzip, xz, zstd).</summary>
    public static Stream Open(string format, Stream input) => format switch
    {
        "gzip" => new GZipStream(input, CompressionMode.Decompress),
        "xz" => new SharpCompress.Compressors.Xz.XZStream(input),
        "zstd" => new ZstdSharp.DecompressionStream(input),
        _ => throw new InvalidDataException($"no stream decoder for {format}; gzip, xz and zstd are decoded"),
    };
}
