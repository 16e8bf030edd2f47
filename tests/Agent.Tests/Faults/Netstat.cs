using System.Globalization;

namespace MptcpMatrix.Agent.Tests.Faults;

/// <summary>Edits a /proc/net/netstat text: the MPTcpExt counter <c>name</c> moved by <c>delta</c>.</summary>
internal static class Netstat
{
    public static string? Add(string? text, string name, long delta)
    {
        if (text is null) return null;
        var lines = text.Split('\n');
        for (var i = 0; i + 1 < lines.Length; i++)
        {
            if (!lines[i].StartsWith("MPTcpExt:", StringComparison.Ordinal)) continue;
            var names = lines[i].Split(' ');
            var values = lines[i + 1].Split(' ');
            var at = Array.IndexOf(names, name);
            if (at < 0) return text;
            values[at] = (long.Parse(values[at], CultureInfo.InvariantCulture) + delta).ToString(CultureInfo.InvariantCulture);
            lines[i + 1] = string.Join(' ', values);
            return string.Join('\n', lines);
        }

        return text;
    }
}
