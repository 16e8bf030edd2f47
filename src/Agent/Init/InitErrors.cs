using MptcpMatrix.Agent.Host;

namespace MptcpMatrix.Agent.Init;

/// <summary>
/// Init errors in words. The NativeAOT agent is built with <c>UseSystemResourceKeys</c> (smaller, no resource strings), so
/// a .NET exception's message is a resource key (<c>IO_FileNotFound_FileName, /dev/ttyS1</c>): this says what happened.
/// </summary>
internal static class InitErrors
{
    public static string Describe(Exception e)
    {
        if (e is AgentException) return e.Message;
        var words = e switch
        {
            FileNotFoundException f => $"file not found: {f.FileName ?? Argument(e.Message)}",
            DirectoryNotFoundException => $"directory not found: {Argument(e.Message)}",
            UnauthorizedAccessException => $"permission denied: {Argument(e.Message)}",
            PathTooLongException => $"path too long: {Argument(e.Message)}",
            EndOfStreamException => "unexpected end of file",
            IOException => $"I/O error (0x{e.HResult:x8}): {Argument(e.Message)}",
            OutOfMemoryException => "out of memory",
            ArgumentException a => $"invalid argument {a.ParamName}: {Argument(e.Message)}",
            InvalidOperationException => $"invalid operation: {Argument(e.Message)}",
            _ => $"{e.GetType().Name}: {Argument(e.Message)}",
        };
        return words.TrimEnd(' ', ':');
    }

    /// <summary>Whether <paramref name="message"/> is a bare resource key (<c>IO_FileNotFound_FileName</c>), perhaps with arguments.</summary>
    public static bool IsResourceKey(string message)
    {
        var key = message.Split(',')[0].Trim();
        return key.Length > 0 && key.Contains('_') && key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
    }

    /// <summary>The message, or only its arguments when it is a resource key (<c>IO_FileNotFound_FileName, /dev/ttyS1</c> gives <c>/dev/ttyS1</c>).</summary>
    private static string Argument(string message)
    {
        if (!IsResourceKey(message)) return message;
        var comma = message.IndexOf(',');
        return comma < 0 ? "" : message[(comma + 1)..].Trim();
    }
}
