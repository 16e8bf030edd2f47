using MptcpMatrix.Agent.Sockets;

namespace MptcpMatrix.Agent.Sockopts;

/// <summary>The four sockets of one protocol the sockopts suite probes: fresh, listening, connected, accepted.</summary>
internal sealed class SocketSet : IDisposable
{
    private readonly SafeFd[] _fds;

    private SocketSet(string protocol, SafeFd[] fds, int listenPort, int clientPort) =>
        (Protocol, _fds, ListenPort, ClientPort) = (protocol, fds, listenPort, clientPort);

    /// <summary>The listener's port: the accepted socket's local port, the connected client's remote one.</summary>
    public int ListenPort { get; }

    /// <summary>The connected client's local port.</summary>
    public int ClientPort { get; }

    /// <summary>(local, remote) port of the connected or accepted socket, as inet_diag shows its (first) subflow.</summary>
    public (int Local, int Remote) Ports(Stage stage) => stage == Stage.Accepted ? (ListenPort, ClientPort) : (ClientPort, ListenPort);

    /// <summary>"mptcp" or "tcp".</summary>
    public string Protocol { get; }

    public static string ProtocolName(int protocol) => protocol == Native.SocketConstants.IPPROTO_MPTCP ? "mptcp" : "tcp";

    public int this[Stage stage] => stage switch
    {
        Stage.Fresh => _fds[0].Fd,
        Stage.Listener => _fds[1].Fd,
        Stage.Connected => _fds[2].Fd,
        Stage.Accepted => _fds[3].Fd,
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, "one stage"),
    };

    /// <summary>Opens the set; a <see cref="SetupException"/> names the step that failed.</summary>
    public static SocketSet Open(AddressFamily family, int protocol, Deadline deadline)
    {
        var fds = new List<SafeFd>(4);
        try
        {
            fds.Add(MptcpSockets.Open(family, protocol));
            var (listener, port) = MptcpSockets.Listen(family, 0, protocol);
            fds.Add(listener);
            fds.Add(MptcpSockets.Connect(family, port, deadline, protocol));
            fds.Add(MptcpSockets.Accept(listener, deadline));
            return new SocketSet(ProtocolName(protocol), [.. fds], port, MptcpSockets.LocalPort(fds[2]));
        }
        catch
        {
            foreach (var fd in fds) fd.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var fd in _fds) fd.Dispose();
    }
}
