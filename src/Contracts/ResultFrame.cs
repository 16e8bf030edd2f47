using System.IO.Hashing;
using System.Text;

namespace MptcpMatrix.Contracts;

/// <summary>
/// Framing for results sent over a channel that may carry other text (a VM's serial port).
/// A frame is three lines: <c>@@MPTCPMATRIX-BEGIN &lt;bytes&gt; &lt;crc32-hex&gt;</c>, the payload in base64,
/// <c>@@MPTCPMATRIX-END</c>. Base64 survives tty newline translation; the length and CRC-32 reject any frame
/// that kernel messages or a cut-off write damaged. (CRC-32, not SHA-256: .NET's SHA-256 needs OpenSSL, which the
/// agent bundle deliberately does not carry.)
/// </summary>
public static class ResultFrame
{
    public const string BeginMarker = "@@MPTCPMATRIX-BEGIN";
    public const string EndMarker = "@@MPTCPMATRIX-END";

    public static string Encode(string payload)
    {
        var bytes = Encoding.UTF8.GetBytes(payload);
        var digest = Checksum(bytes);
        return $"{BeginMarker} {bytes.Length} {digest}\n{Convert.ToBase64String(bytes)}\n{EndMarker}\n";
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
            if (header.Length != 2 || !int.TryParse(header[0], out var length) || i + 2 >= lines.Length ||
                lines[i + 2].TrimEnd('\r') != EndMarker)
            {
                damaged++;
                continue;
            }

            try
            {
                var bytes = Convert.FromBase64String(lines[i + 1].TrimEnd('\r'));
                if (bytes.Length == length && Checksum(bytes) == header[1])
                {
                    frames.Add(Encoding.UTF8.GetString(bytes));
                    i += 2;
                    continue;
                }
            }
            catch (FormatException)
            {
            }

            damaged++;
        }

        return frames;
    }

    /// <summary>CRC-32 (IEEE) of <paramref name="bytes"/> as 8 lowercase hex digits.</summary>
    public static string Checksum(ReadOnlySpan<byte> bytes) => Crc32.HashToUInt32(bytes).ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
}
