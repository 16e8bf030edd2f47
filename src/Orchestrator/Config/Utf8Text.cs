using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace MptcpMatrix.Orchestrator.Config;

/// <summary>Strict UTF-8 decoding of a matrix file: the first invalid byte is a <see cref="ConfigException"/> with its line and column.</summary>
internal static class Utf8Text
{
    public static string Decode(ReadOnlySpan<byte> content, string file)
    {
        if (content.StartsWith("\uFEFF"u8)) content = content[3..];
        var chars = new char[content.Length];
        var status = Utf8.ToUtf16(content, chars, out var read, out var written, replaceInvalidSequences: false);
        if (status == OperationStatus.Done) return new string(chars, 0, written);

        // status is InvalidData or NeedMoreData (a sequence cut off at the end): content[read] is where it goes wrong.
        var before = content[..read];
        var line = before.Count((byte)'\n') + 1;
        var lineStart = before.LastIndexOf((byte)'\n') + 1;
        var column = Encoding.UTF8.GetCharCount(before[lineStart..]) + 1;
        throw new ConfigException([new ConfigError(file, line, column,
            $"byte 0x{content[read]:X2} is not UTF-8; a matrix file must be UTF-8 text (save it as UTF-8)")]);
    }
}
