using System.Globalization;

namespace MptcpMatrix.Agent.Host;

/// <summary>
/// The MPTcpExt counters of a network namespace (<c>/proc/thread-self/net/netstat</c>: the calling thread's namespace;
/// <c>/proc/net</c> would be the main thread's). A pair of lines, names then values, as <c>nstat</c> reads them.
/// </summary>
internal sealed class MptcpCounters
{
    public const string NetstatPath = "/proc/thread-self/net/netstat";

    private readonly Dictionary<string, long> _values;

    private MptcpCounters(Dictionary<string, long> values) => _values = values;

    /// <summary>The counters in <paramref name="netstat"/>, or null when it has no MPTcpExt section (no MPTCP, no /proc).</summary>
    public static MptcpCounters? Parse(string? netstat)
    {
        if (netstat is null) return null;
        string[]? names = null;
        foreach (var line in netstat.Split('\n'))
        {
            if (!line.StartsWith("MPTcpExt:", StringComparison.Ordinal)) continue;
            var words = line["MPTcpExt:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (names is null)
            {
                names = words;
                continue;
            }

            var values = new Dictionary<string, long>(names.Length, StringComparer.Ordinal);
            for (var i = 0; i < names.Length && i < words.Length; i++)
            {
                if (long.TryParse(words[i], NumberStyles.None, CultureInfo.InvariantCulture, out var v)) values[names[i]] = v;
            }

            return values.Count == 0 ? null : new MptcpCounters(values);
        }

        return null;
    }

    /// <summary>How far <paramref name="name"/> moved since <paramref name="before"/>; null when either lacks it.</summary>
    public long? Delta(MptcpCounters? before, string name) =>
        before is not null && before._values.TryGetValue(name, out var then) && _values.TryGetValue(name, out var now) ? now - then : null;

    /// <summary>Every counter that moved since <paramref name="before"/>, in the kernel's order.</summary>
    public IEnumerable<(string Name, long Delta)> Moved(MptcpCounters before)
    {
        foreach (var (name, now) in _values)
        {
            if (before._values.TryGetValue(name, out var then) && now != then) yield return (name, now - then);
        }
    }
}
