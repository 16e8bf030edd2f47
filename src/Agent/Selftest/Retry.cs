using MptcpMatrix.Agent.Sockets;

namespace MptcpMatrix.Agent.Selftest;

/// <summary>The reference's bounded re-poll ("tx might still be ongoing"): up to six samples over about five seconds,
/// starting fast so that a healthy kernel costs nothing.</summary>
internal static class Retry
{
    public const int MaxAttempts = 6;

    /// <summary>Sleeps before the next attempt; false when attempts or the deadline are used up.</summary>
    public static bool Pause(int attempt, Deadline deadline)
    {
        if (attempt + 1 >= MaxAttempts) return false;
        var ms = Math.Min(25 << (attempt * 2), 2000);
        if (deadline.RemainingMilliseconds <= ms) return false;
        Thread.Sleep(ms);
        return true;
    }
}
