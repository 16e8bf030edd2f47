namespace MptcpMatrix.Agent.Sockets;

/// <summary>
/// What the calling thread's socket calls are about (e.g. <c>sockopts mptcp connected</c>), set by a suite around the
/// calls of one socket. Nothing in the agent reads it: the fault-injection tests do, to aim a fault at one socket of a
/// suite, as they aim at a side of the selftest by the thread's name. A thread-static string: no syscall, no allocation.
/// </summary>
internal static class SocketLabel
{
    [ThreadStatic] private static string? _current;

    public static string? Current
    {
        get => _current;
        set => _current = value;
    }
}
