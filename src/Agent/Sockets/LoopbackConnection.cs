namespace MptcpMatrix.Agent.Sockets;

/// <summary>
/// A listener on a loopback port, a client connected to it and the socket it accepted, each of its own protocol
/// (MPTCP or TCP); disposing it closes all three. <see cref="Open"/> throws a <see cref="SetupException"/> naming the
/// step that failed, and leaves nothing open.
/// </summary>
internal sealed class LoopbackConnection : IDisposable
{
    private LoopbackConnection(SafeFd listener, SafeFd client, SafeFd accepted) => (Listener, Client, Accepted) = (listener, client, accepted);

    public SafeFd Listener { get; }
    public SafeFd Client { get; }
    public SafeFd Accepted { get; }

    public static LoopbackConnection Open(AddressFamily family, Deadline deadline, int clientProtocol, int listenerProtocol)
    {
        SafeFd? listener = null, client = null;
        try
        {
            (listener, var port) = MptcpSockets.Listen(family, 0, listenerProtocol);
            client = MptcpSockets.Connect(family, port, deadline, clientProtocol);
            return new LoopbackConnection(listener, client, MptcpSockets.Accept(listener, deadline));
        }
        catch
        {
            client?.Dispose();
            listener?.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Accepted.Dispose();
        Client.Dispose();
        Listener.Dispose();
    }
}
