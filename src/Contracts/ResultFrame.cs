using System.IO.Compression;
using System.IO.Hashing;
using System.Text;

namespace MptcpMatrix.Contracts;

/// <summary>
/// Framing for results sent over a channel that may carry other text (a VM's serial port).
/// A frame is three lines: <c>@@MPTCPMATRIX-BEGIN &lt;bytes&gt; &lt;crc32-hex&gt;</c>, the payload in base64,
/// <c>@@MPTCPMATRIX-END</c>. Base64 survives tty newline translation; the length and CRC-32 reject any frame
/// that kernel messages or a cut-off write damaged. (CRC-32, not SHA-256: .NET's SHA-256 needs OpenSSL, which the
/// agent bundle deliberately does not carry.)
/// A compressed frame adds a third header word, <c>gzip</c>: the base64 line then holds the gzip of the payload, and
/// length and CRC still describe the payload itself. A serial port moves every byte through an emulated UART, so the
/// VM's agent sends its (repetitive, indented) reports compressed: about a tenth of the bytes.
/// </summary>
public static class ResultFrame
{
    public const string BeginMarker = "@@MPTCPMATRIX-BEGIN";
    public const string EndMarker = "@@MPTCPMATRIX-END";

    public const string GzipEncoding = "gzip";

    public static string Encode(string payload, bool compress = false) =>
        Encoding.ASCII.GetString(Encode(Encoding.UTF8.GetBytes(payload), compress));

    /// <summary>The frame of a UTF-8 <paramref name="payload"/>, as the ASCII bytes to write (see <see cref="ResultFrameBuilder"/>).</summary>
    public static byte[] Encode(ReadOnlySpan<byte> payload, bool compress = false)
    {
        using var frame = new ResultFrameBuilder(compress);
        frame.Append(payload);
        return frame.ToFrame();
    }

    /// <summary>Every intact frame in <paramref name="text"/>, in order; <paramref name="damaged"/> counts the rejected ones.</summary>
    public static IReadOnlyList<string> Decode(string text, out int damaged)
    {
        var frames = new List<string>();
        damaged = 0;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            var at = line.IndexOf(BeginMarker, StringComparison.Ordinal);
            if (at < 0) continue;
            var header = line[(at + BeginMarker.Length)..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var compressed = header.Length == 3 && header[2] == GzipEncoding;
            if ((header.Length != 2 && !compressed) || !int.TryParse(header[0], out var length) || i + 2 >= lines.Length ||
                lines[i + 2].TrimEnd('\r') != EndMarker)
            {
                damaged++;
                continue;
            }

            try
            {
                var bytes = Convert.FromBase64String(lines[i + 1].TrimEnd('\r'));
                if (compressed) bytes = Gunzip(bytes, length);
                if (bytes.Length == length && Checksum(bytes) == header[1])
                {
                    frames.Add(Encoding.UTF8.GetString(bytes));
                    i += 2;
                    continue;
                }
            }
            catch (Exception e) when (e is FormatException or InvalidDataException)
            {
            }

            damaged++;
        }

        return frames;
    }

    /// <summary>Inflates at most <paramref name="length"/> + 1 bytes: a damaged frame cannot make the reader inflate without bound.</summary>
    private static byte[] Gunzip(byte[] packed, int length)
    {
        using var gzip = new GZipStream(new MemoryStream(packed), CompressionMode.Decompress);
        var buffer = new byte[Math.Max(0, length) + 1];
        var total = 0;
        int n;
        while (total < buffer.Length && (n = gzip.Read(buffer, total, buffer.Length - total)) > 0) total += n;
        return buffer.AsSpan(0, total).ToArray();
    }

    /// <summary>CRC-32 (IEEE) of <paramref name="bytes"/> as 8 lowercase hex digits.</summary>
    public static string Checksum(ReadOnlySpan<byte> bytes) => Checksum(Crc32.HashToUInt32(bytes));

    /// <summary>A CRC-32 as the frame header spells it: 8 lowercase hex digits.</summary>
    public static string Checksum(uint crc) => crc.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
}
