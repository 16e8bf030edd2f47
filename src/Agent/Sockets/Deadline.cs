using System.Diagnostics;

namespace MptcpMatrix.Agent.Sockets;

/// <summary>A point in time every blocking step of a run must finish by (the reference's alarm(15)).</summary>
internal readonly record struct Deadline(long ExpiresAtTimestamp)
{
    public static Deadline After(TimeSpan span) => new(Stopwatch.GetTimestamp() + (long)(span.TotalSeconds * Stopwatch.Frequency));

    public bool Expired => RemainingMilliseconds == 0;

    /// <summary>Stopwatch ticks left (negative once past).</summary>
    public long RemainingTimestamp => ExpiresAtTimestamp - Stopwatch.GetTimestamp();

    /// <summary>Milliseconds left, at least 0, at most int.MaxValue: what poll(2) takes.</summary>
    public int RemainingMilliseconds
    {
        get
        {
            var left = (ExpiresAtTimestamp - Stopwatch.GetTimestamp()) * 1000 / Stopwatch.Frequency;
            return (int)Math.Clamp(left, 0, int.MaxValue);
        }
    }
}
