using System.Diagnostics;
using MptcpMatrix.Agent.Host;

namespace MptcpMatrix.Agent.Init;

/// <summary>
/// Waits until the namespace's MPTcpExt counters stop moving. The guest programs a variant runs before the agent (the
/// C references) leave connections whose last segments land after the programs exited (a delayed ACK, ~200 ms
/// later: MPCapableDataFallback moved then on the host), and the agent's connection checks take the namespace's
/// counters as evidence of their own connection's fallback. Bounded: at most <paramref name="max"/>.
/// </summary>
internal static class CountersSettle
{
    public static void Wait(TimeSpan quiet, TimeSpan max)
    {
        var start = Stopwatch.GetTimestamp();
        var last = Counters();
        var since = start;
        while (Stopwatch.GetElapsedTime(start) < max)
        {
            Thread.Sleep(50);
            var now = Counters();
            if (!string.Equals(now, last, StringComparison.Ordinal))
            {
                (last, since) = (now, Stopwatch.GetTimestamp());
            }
            else if (Stopwatch.GetElapsedTime(since) >= quiet)
            {
                return;
            }
        }
    }

    /// <summary>The MPTcpExt lines of the namespace's netstat file (names and values), or null.</summary>
    private static string? Counters() =>
        ProcFile.ReadText(MptcpCounters.NetstatPath) is { } text
            ? string.Join('\n', text.Split('\n').Where(l => l.StartsWith("MPTcpExt:", StringComparison.Ordinal)))
            : null;
}
