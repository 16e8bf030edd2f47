namespace MptcpMatrix.Agent.Native;

/// <summary>
/// The sock_diag/inet_diag uapi the agent uses to see a TCP socket as the kernel holds it (linux/netlink.h,
/// linux/sock_diag.h, linux/inet_diag.h): a SOCK_DIAG_BY_FAMILY dump request (nlmsghdr + inet_diag_req_v2) and the
/// inet_diag_msg answers with their attributes. Offsets are the uapi's; UapiLayoutTests compares them with the headers.
/// </summary>
internal static class InetDiag
{
    public const int AF_NETLINK = 16;
    public const int SOCK_RAW = 3;
    public const int NETLINK_SOCK_DIAG = 4;
    public const ushort SOCK_DIAG_BY_FAMILY = 20;
    public const ushort NLMSG_ERROR = 2;
    public const ushort NLMSG_DONE = 3;
    public const ushort NLM_F_REQUEST = 1;
    public const ushort NLM_F_ACK = 4;
    public const ushort NLM_F_DUMP = 0x300;

    /// <summary>sizeof(struct nlmsghdr).</summary>
    public const int NlMsgHdrSize = 16;

    /// <summary>sizeof(struct inet_diag_req_v2): family, protocol, ext, pad, states, inet_diag_sockid (48).</summary>
    public const int ReqV2Size = 56;

    /// <summary>sizeof(struct inet_diag_msg).</summary>
    public const int MsgSize = 72;

    /// <summary>offsetof(struct inet_diag_msg, idiag_state / id.idiag_sport / idiag_dport / idiag_if / idiag_inode).</summary>
    public const int MsgState = 1, MsgSport = 4, MsgDport = 6, MsgIf = 40, MsgInode = 68;

    /// <summary>offsetof(struct inet_diag_req_v2, idiag_ext / idiag_states / id.idiag_sport / id.idiag_dport /
    /// id.idiag_src / id.idiag_dst / id.idiag_if / id.idiag_cookie).</summary>
    public const int ReqExt = 2, ReqStates = 4, ReqSport = 8, ReqDport = 10, ReqSrc = 12, ReqDst = 28, ReqIf = 44, ReqCookie = 48;

    /// <summary>INET_DIAG_NOCOOKIE: both words of idiag_cookie, "any socket".</summary>
    public const uint INET_DIAG_NOCOOKIE = 0xFFFFFFFF;

    /// <summary>LOOPBACK_IFINDEX: lo is interface 1 in every network namespace.</summary>
    public const int LOOPBACK_IFINDEX = 1;

    /// <summary>enum inet_diag attribute types (INET_DIAG_*).</summary>
    public const int INET_DIAG_CONG = 4, INET_DIAG_TOS = 5, INET_DIAG_TCLASS = 6, INET_DIAG_SKMEMINFO = 7, INET_DIAG_MARK = 15,
        INET_DIAG_CLASS_ID = 17;

    /// <summary>Indices of the u32 array of INET_DIAG_SKMEMINFO (SK_MEMINFO_*).</summary>
    public const int SK_MEMINFO_RCVBUF = 1, SK_MEMINFO_SNDBUF = 3;

    /// <summary>TCP_ESTABLISHED, for idiag_states (a bit per state).</summary>
    public const int TCP_ESTABLISHED = 1;
}
