namespace MptcpMatrix.Orchestrator.Backends.Vm;

/// <summary>Reads a guest's console log: panic lines and a tail for error messages.</summary>
internal static class ConsoleLog
{
    public static string Read(string path)
    {
        if (!File.Exists(path)) return "";
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The "Kernel panic" line with a few lines of context before and the lines after it, or null when the kernel did not panic.</summary>
    public static string? PanicLines(string console)
    {
        var lines = console.Replace("\r", "").Split('\n');
        var at = Array.FindIndex(lines, l => l.Contains("Kernel panic - not syncing", StringComparison.Ordinal));
        if (at < 0) return null;
        return string.Join('\n', lines[Math.Max(0, at - 3)..Math.Min(lines.Length, at + 12)]).Trim();
    }

    public static string Tail(string console, int lines = 15) =>
        string.Join('\n', console.Replace("\r", "").Split('\n').Where(l => l.Length > 0).TakeLast(lines));
}
