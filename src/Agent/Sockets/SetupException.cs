namespace MptcpMatrix.Agent.Sockets;

/// <summary>A setup step (socket, bind, listen, connect, accept) failed: carries the step and errno.</summary>
internal sealed class SetupException(string step, int errno, string message) : Exception(message)
{
    public string Step { get; } = step;
    public int Errno { get; } = errno;
    public string ErrnoName => Interop.Errno.Name(Errno);
}
