namespace MptcpMatrix.Agent.Sockopts;

/// <summary>What of an option userspace can see on a subflow through inet_diag (<see cref="Sockets.TcpDiag"/>).</summary>
internal enum SubflowEffect
{
    None,

    /// <summary>INET_DIAG_CONG: TCP_CONGESTION.</summary>
    Congestion,

    /// <summary>INET_DIAG_TOS: IP_TOS.</summary>
    Tos,

    /// <summary>INET_DIAG_CLASS_ID (sk_priority while no net_cls class id is set): SO_PRIORITY.</summary>
    Priority,

    /// <summary>INET_DIAG_MARK (sent to a reader with CAP_NET_ADMIN only): SO_MARK.</summary>
    Mark,

    /// <summary>INET_DIAG_SKMEMINFO's SK_MEMINFO_SNDBUF: SO_SNDBUF (doubled by the kernel, as on TCP).</summary>
    SndBuf,

    /// <summary>INET_DIAG_SKMEMINFO's SK_MEMINFO_RCVBUF: SO_RCVBUF.</summary>
    RcvBuf,
}
