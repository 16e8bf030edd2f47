namespace MptcpMatrix.Agent.Expectations;

/// <summary>
/// The socket options and ioctls of the support suites (sockopts, inq, fallback), each with the upstream release and
/// mainline commit that made it work on an MPTCP socket. The evidence for each is in docs/expectations.md (mails:
/// post-receive, patchwork, pull requests, stable reviews), cross-checked with net/mptcp/sockopt.c as stored for a
/// 6.2/6.3-era tree (what mptcp_setsockopt/mptcp_getsockopt then handled) and with what the default matrix's kernels
/// answered. A commit left null was not found: its release is the earliest one observed to have it.
/// </summary>
internal static class SockoptFeatures
{
    private static Feature F(string id, string title, int major, int minor, string? commit) => new(id, title, new(major, minor), commit);

    /// <summary>f870fa0b5768 "mptcp: Add MPTCP socket stubs": what every MPTCP socket does (SOL_SOCKET getsockopt,
    /// SO_PROTOCOL), and what it refuses by design (SO_ZEROCOPY, TCP_ULP, TCP_MD5SIG).</summary>
    public static readonly Feature Socket = F("mptcp_socket", "an MPTCP socket", 5, 6, "f870fa0b5768");

    /// <summary>SO_REUSEADDR, SO_REUSEPORT and IPV6_V6ONLY handed to the first subflow: already in 5.10's protocol.c
    /// (the oldest kernel of the matrix); the commit was not pinned.</summary>
    public static readonly Feature FirstSubflow = F("sockopt_first_subflow", "SO_REUSEADDR, SO_REUSEPORT and IPV6_V6ONLY on an MPTCP socket", 5, 10, null);

    /// <summary>1b3e7ede1365 "mptcp: setsockopt: handle SO_KEEPALIVE and SO_PRIORITY" (5.13 pull).</summary>
    public static readonly Feature KeepalivePriority = F("so_keepalive_priority", "setsockopt SO_KEEPALIVE, SO_PRIORITY", 5, 13, "1b3e7ede1365");

    /// <summary>a65198136eaa "mptcp: SO_KEEPALIVE: fix getsockopt support": before it, getsockopt read the MPTCP
    /// socket's flag, which setsockopt set on the subflows only (reads 0 after setting 1). In 6.1.93.</summary>
    public static readonly Feature KeepaliveGet = F("so_keepalive_get", "getsockopt SO_KEEPALIVE reads back what was set", 6, 10, "a65198136eaa") with
    {
        Backports = [new(6, 1, 93)],
    };

    /// <summary>5d0a6bc82d38 "mptcp: setsockopt: handle receive/send buffer and device bind" (5.13).</summary>
    public static readonly Feature BuffersDevice = F("so_buffers_bindtodevice", "setsockopt SO_SNDBUF, SO_RCVBUF, SO_BINDTODEVICE", 5, 13, "5d0a6bc82d38");

    /// <summary>268b12387460 "mptcp: setsockopt: support SO_LINGER" (5.13).</summary>
    public static readonly Feature Linger = F("so_linger", "setsockopt SO_LINGER", 5, 13, "268b12387460");

    /// <summary>36704413db79 "mptcp: setsockopt: add SO_MARK support" (5.13).</summary>
    public static readonly Feature Mark = F("so_mark", "setsockopt SO_MARK", 5, 13, "36704413db79");

    /// <summary>6f0d7198084c "mptcp: setsockopt: add SO_INCOMING_CPU" (5.13).</summary>
    public static readonly Feature IncomingCpu = F("so_incoming_cpu", "setsockopt SO_INCOMING_CPU", 5, 13, "6f0d7198084c");

    /// <summary>SO_TIMESTAMP/SO_TIMESTAMPNS propagated to the subflows (mptcp_setsockopt_sol_socket_tstamp): not in 5.10,
    /// present in the 6.2/6.3 tree; the commit was not pinned, 5.14 is the release after the 5.13 SOL_SOCKET series.</summary>
    public static readonly Feature Timestamp = F("so_timestamp", "setsockopt SO_TIMESTAMP, SO_TIMESTAMPNS", 5, 14, null);

    /// <summary>aa1fbd94e5c7 "mptcp: sockopt: add TCP_CONGESTION and TCP_INFO" (5.13).</summary>
    public static readonly Feature Congestion = F("tcp_congestion", "TCP_CONGESTION and getsockopt TCP_INFO", 5, 13, "aa1fbd94e5c7");

    /// <summary>c9406a23c116 "mptcp: sockopt: add SOL_IP freebind &amp; transparent options" (5.17 pull).</summary>
    public static readonly Feature FreebindTransparent = F("ip_freebind_transparent", "setsockopt IP_/IPV6_FREEBIND, IP_/IPV6_TRANSPARENT", 5, 17, "c9406a23c116");

    /// <summary>e2f4ac7bab22 "mptcp: sockopt: fix getting freebind &amp; transparent" (6.15; in 6.1.135 and 6.12.24, by Debian's changelog; 6.6.y not pinned).</summary>
    public static readonly Feature FreebindTransparentGet = F("ip_freebind_transparent_get", "getsockopt IP_/IPV6_FREEBIND, IP_/IPV6_TRANSPARENT", 6, 15, "e2f4ac7bab22") with
    {
        Backports = [new(6, 1, 135), new(6, 12, 24)],
    };

    /// <summary>8c3963375988 "mptcp: sockopt: fix getting IPV6_V6ONLY" (6.15, MPTCP issue #550; in 6.1.135 and 6.12.24, by Debian's changelog).</summary>
    public static readonly Feature V6OnlyGet = F("ipv6_v6only_get", "getsockopt IPV6_V6ONLY", 6, 15, "8c3963375988") with
    {
        Backports = [new(6, 1, 135), new(6, 12, 24)],
    };

    /// <summary>4f6e14bd19d6 "mptcp: support TCP_CORK and TCP_NODELAY" (5.17).</summary>
    public static readonly Feature CorkNodelay = F("tcp_cork_nodelay", "TCP_CORK, TCP_NODELAY", 5, 17, "4f6e14bd19d6");

    /// <summary>2c9e77659a0c "mptcp: add TCP_INQ cmsg support" (5.17).</summary>
    public static readonly Feature Inq = F("tcp_inq", "TCP_INQ (setsockopt and the TCP_CM_INQ control message)", 5, 17, "2c9e77659a0c");

    /// <summary>644807e3e462 "mptcp: add SIOCINQ, OUTQ and OUTQNSD ioctls" (5.17).</summary>
    public static readonly Feature Ioctls = F("mptcp_ioctls", "ioctl SIOCINQ, SIOCOUTQ, SIOCOUTQNSD on an MPTCP socket", 5, 17, "644807e3e462");

    /// <summary>54635bd04701 "mptcp: add TCP_FASTOPEN_CONNECT socket option" (6.1).</summary>
    public static readonly Feature FastopenConnect = F("tcp_fastopen_connect", "TCP_FASTOPEN_CONNECT", 6, 1, "54635bd04701");

    /// <summary>4ffb0a02346c "mptcp: add TCP_FASTOPEN sock option" (6.2).</summary>
    public static readonly Feature Fastopen = F("tcp_fastopen", "TCP_FASTOPEN (listener)", 6, 2, "4ffb0a02346c");

    /// <summary>cb99816cb59d "mptcp: add support for TCP_FASTOPEN_KEY sockopt" (6.2).</summary>
    public static readonly Feature FastopenKey = F("tcp_fastopen_key", "TCP_FASTOPEN_KEY", 6, 2, "cb99816cb59d");

    /// <summary>e64d4deb4de0 "mptcp: add TCP_FASTOPEN_NO_COOKIE support" (6.2).</summary>
    public static readonly Feature FastopenNoCookie = F("tcp_fastopen_no_cookie", "TCP_FASTOPEN_NO_COOKIE", 6, 2, "e64d4deb4de0");

    /// <summary>TCP_DEFER_ACCEPT handed to the first subflow (mptcp_setsockopt_first_sf_only): in the 6.2/6.3 tree, and
    /// answered by Debian's 6.1.176, the oldest MPTCP kernel of the default matrix; neither the commit nor an older
    /// release was pinned, so the release is the oldest observed.</summary>
    public static readonly Feature DeferAccept = F("tcp_defer_accept", "TCP_DEFER_ACCEPT", 6, 1, null);

    /// <summary>c85636a29264 "mptcp: sockopt: support IP_LOCAL_PORT_RANGE and IP_BIND_ADDRESS_NO_PORT" (6.8 by date).</summary>
    public static readonly Feature EphemeralPorts = F("ip_local_port_range", "IP_BIND_ADDRESS_NO_PORT, IP_LOCAL_PORT_RANGE", 6, 8, "c85636a29264");

    /// <summary>29b5e5ef8739 "mptcp: implement TCP_NOTSENT_LOWAT support" (6.9; not in 6.6.y or 6.1.y).</summary>
    public static readonly Feature NotsentLowat = F("tcp_notsent_lowat", "TCP_NOTSENT_LOWAT", 6, 9, "29b5e5ef8739");

    /// <summary>bd11dc4fb969 "mptcp: fix full TCP keep-alive support" (6.10, MPTCP issue #383; in 6.1.94).</summary>
    public static readonly Feature Keepalive = F("tcp_keepalive_options", "TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT", 6, 10, "bd11dc4fb969") with
    {
        Backports = [new(6, 1, 94)],
    };

    /// <summary>51c5fd09e1b4 "mptcp: add TCP_MAXSEG sockopt support" (6.17).</summary>
    public static readonly Feature Maxseg = F("tcp_maxseg", "TCP_MAXSEG", 6, 17, "51c5fd09e1b4");

}
