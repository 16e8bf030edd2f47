namespace MptcpMatrix.Agent.Sockets;

/// <summary>
/// One TCP socket as inet_diag shows it (what <c>ss -tie</c> prints): its ports and the attributes the subflow checks
/// compare. A value is null when the kernel did not send the attribute (INET_DIAG_MARK without CAP_NET_ADMIN).
/// </summary>
internal sealed record TcpDiag(int LocalPort, int RemotePort, uint Inode)
{
    /// <summary>idiag_state is TCP_ESTABLISHED (a dump asks for no other state; a lookup by ports may find a listener).</summary>
    public bool Established { get; init; } = true;

    public string? Congestion { get; init; }

    public uint? Tos { get; init; }

    public uint? Tclass { get; init; }

    /// <summary>INET_DIAG_CLASS_ID: the net_cls class id, or sk_priority when that is 0 (always, with cgroup v2).</summary>
    public uint? ClassId { get; init; }

    public uint? Mark { get; init; }

    public uint? RcvBuf { get; init; }

    public uint? SndBuf { get; init; }
}
