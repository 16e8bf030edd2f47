using System.Buffers.Binary;
using System.Text;
using MptcpMatrix.Agent.Expectations;
using static MptcpMatrix.Agent.Sockopts.Stage;
using SF = MptcpMatrix.Agent.Expectations.SockoptFeatures;

namespace MptcpMatrix.Agent.Sockopts;

/// <summary>
/// The options the sockopts suite probes (issue 11's list), each with the value it sets, the stages it is set at and
/// what made it work on MPTCP. Numbers are the x86-64/arm64 uapi ones; UapiLayoutTests checks each against its
/// <see cref="SockoptProbe.CName"/> in the headers.
/// </summary>
internal static class SockoptCatalog
{
    private const int SolSocket = 1, SolIp = 0, SolIpv6 = 41, SolTcp = 6, SolMptcp = 284;

    /// <summary>Options an application sets per connection: on the fresh socket, the connected client and the accepted socket.</summary>
    private const Stage PerConnection = Fresh | Connected | Accepted;

    private const Stage Established = Connected | Accepted;

    /// <summary>Listed by mptcp_supported_sockopt() (or not) but handled by none of mptcp_setsockopt_v4/_v6/_sol_tcp
    /// in any kernel tested, 7.2 (Debian sid) included: refused with EOPNOTSUPP or ENOPROTOOPT. Should a kernel accept
    /// one, its probe fails, so that the table gets the release that added it.</summary>
    private const string NotHandled = "not handled by MPTCP's setsockopt up to Linux 7.2 (EOPNOTSUPP/ENOPROTOOPT)";

    /// <summary>What SO_MARK, SO_PRIORITY above 6 and IP_/IPV6_TRANSPARENT ask for: either will do (on 5.17 and later for the first two).</summary>
    private static readonly Host.Capability[] RawOrAdmin = [Host.Capability.NetAdmin, Host.Capability.NetRaw];

    private const string TransparentWhy = "ip_setsockopt / do_ipv6_setsockopt: a transparent socket needs CAP_NET_RAW or CAP_NET_ADMIN";

    private const string SolMptcpOnly = "SOL_MPTCP exists on MPTCP sockets only: TCP refuses it";

    public static IReadOnlyList<SockoptProbe> All { get; } = Build();

    private static List<SockoptProbe> Build()
    {
        List<SockoptProbe> p =
        [
            // SOL_SOCKET
            Int("so_keepalive", "SO_KEEPALIVE", SolSocket, 9, 1, PerConnection, SF.KeepalivePriority) with { GetFeature = SF.KeepaliveGet },
            Int("so_reuseaddr", "SO_REUSEADDR", SolSocket, 2, 1, Fresh, SF.FirstSubflow),
            Int("so_reuseport", "SO_REUSEPORT", SolSocket, 15, 1, Fresh, SF.FirstSubflow),
            Int("so_sndbuf", "SO_SNDBUF", SolSocket, 7, 65536, PerConnection, SF.BuffersDevice) with { Subflow = SubflowEffect.SndBuf },
            Int("so_rcvbuf", "SO_RCVBUF", SolSocket, 8, 65536, PerConnection, SF.BuffersDevice) with { Subflow = SubflowEffect.RcvBuf },
            Int("so_priority", "SO_PRIORITY", SolSocket, 12, 3, PerConnection, SF.KeepalivePriority) with { Subflow = SubflowEffect.Priority },
            Int("so_priority.high", "SO_PRIORITY", SolSocket, 12, 7, PerConnection, SF.KeepalivePriority) with
            {
                Subflow = SubflowEffect.Priority, Needs = RawOrAdmin,
                NeedsWhy = "sk_setsockopt: a priority above 6 needs CAP_NET_ADMIN, or CAP_NET_RAW since 5.17 (a1b519b74548)",
            },
            Int("so_mark", "SO_MARK", SolSocket, 36, 7, PerConnection, SF.Mark) with
            {
                Subflow = SubflowEffect.Mark, Needs = RawOrAdmin,
                NeedsWhy = "sk_setsockopt: SO_MARK needs CAP_NET_ADMIN, or CAP_NET_RAW since 5.17 (079925cce1d0)",
            },
            Text("so_bindtodevice", "SO_BINDTODEVICE", SolSocket, 25, "lo", 16, Fresh, SF.BuffersDevice),
            new("so_linger", "SO_LINGER", SolSocket, 13, PerConnection, SF.Linger) { Value = Ints(1, 0), GetLength = 8, Format = ValueFormat.Hex },
            Int("so_timestamp", "SO_TIMESTAMP", SolSocket, 29, 1, PerConnection, SF.Timestamp),
            Int("so_timestampns", "SO_TIMESTAMPNS", SolSocket, 35, 1, PerConnection, SF.Timestamp),
            Int("so_incoming_cpu", "SO_INCOMING_CPU", SolSocket, 49, 0, PerConnection, SF.IncomingCpu) with { CompareValue = false },
            Get("so_protocol", "SO_PROTOCOL", SolSocket, 38, 4, Fresh | Listener | Established, SF.Socket) with
            {
                KnownDifference = "an MPTCP socket's protocol is IPPROTO_MPTCP (262), TCP's is 6",
            },
            Int("so_zerocopy", "SO_ZEROCOPY", SolSocket, 60, 1, Fresh, SF.Socket) with
            {
                GetLength = 0, ExpectRejected = "MSG_ZEROCOPY is not implemented for MPTCP (mptcp_setsockopt_sol_socket: EOPNOTSUPP)",
            },

            // SOL_IP / SOL_IPV6
            Int("ip_tos", "IP_TOS", SolIp, 1, 0x20, PerConnection, Features.IpTos) with { Subflow = SubflowEffect.Tos },
            Int("ip_ttl", "IP_TTL", SolIp, 2, 32, PerConnection, SF.Socket) with { ExpectRejected = NotHandled },
            Int("ip_freebind", "IP_FREEBIND", SolIp, 15, 1, Fresh, SF.FreebindTransparent) with { GetFeature = SF.FreebindTransparentGet },
            Int("ip_transparent", "IP_TRANSPARENT", SolIp, 19, 1, Fresh, SF.FreebindTransparent) with
            {
                GetFeature = SF.FreebindTransparentGet, Needs = RawOrAdmin, NeedsWhy = TransparentWhy,
            },
            Int("ip_bind_address_no_port", "IP_BIND_ADDRESS_NO_PORT", SolIp, 24, 1, Fresh, SF.EphemeralPorts),
            Int("ip_local_port_range", "IP_LOCAL_PORT_RANGE", SolIp, 51, 40000 | (45000 << 16), Fresh, SF.EphemeralPorts),
            Int("ipv6_v6only", "IPV6_V6ONLY", SolIpv6, 26, 1, Fresh, SF.FirstSubflow) with { GetFeature = SF.V6OnlyGet, Ipv6Only = true },
            Int("ipv6_tclass", "IPV6_TCLASS", SolIpv6, 67, 0x20, PerConnection, SF.Socket) with { ExpectRejected = NotHandled, Ipv6Only = true },
            Int("ipv6_freebind", "IPV6_FREEBIND", SolIpv6, 78, 1, Fresh, SF.FreebindTransparent) with { GetFeature = SF.FreebindTransparentGet, Ipv6Only = true },
            Int("ipv6_transparent", "IPV6_TRANSPARENT", SolIpv6, 75, 1, Fresh, SF.FreebindTransparent) with
            {
                GetFeature = SF.FreebindTransparentGet, Ipv6Only = true, Needs = RawOrAdmin, NeedsWhy = TransparentWhy,
            },

            // SOL_TCP
            Int("tcp_nodelay", "TCP_NODELAY", SolTcp, 1, 1, PerConnection, SF.CorkNodelay),
            Int("tcp_cork", "TCP_CORK", SolTcp, 3, 1, PerConnection, SF.CorkNodelay),
            Int("tcp_keepidle", "TCP_KEEPIDLE", SolTcp, 4, 77, PerConnection, SF.Keepalive),
            Int("tcp_keepintvl", "TCP_KEEPINTVL", SolTcp, 5, 17, PerConnection, SF.Keepalive),
            Int("tcp_keepcnt", "TCP_KEEPCNT", SolTcp, 6, 5, PerConnection, SF.Keepalive),
            Text("tcp_congestion", "TCP_CONGESTION", SolTcp, 13, "reno", 16, PerConnection, SF.Congestion) with { Subflow = SubflowEffect.Congestion },
            Get("tcp_info", "TCP_INFO", SolTcp, 11, 104, Established, SF.Congestion) with { CompareValue = false, Format = ValueFormat.Hex },
            Int("tcp_inq", "TCP_INQ", SolTcp, 36, 1, PerConnection, SF.Inq),
            Int("tcp_notsent_lowat", "TCP_NOTSENT_LOWAT", SolTcp, 25, 16384, PerConnection, SF.NotsentLowat),
            Int("tcp_maxseg", "TCP_MAXSEG", SolTcp, 2, 1200, Fresh, SF.Maxseg),
            Int("tcp_fastopen", "TCP_FASTOPEN", SolTcp, 23, 5, Listener, SF.Fastopen),
            Int("tcp_fastopen_connect", "TCP_FASTOPEN_CONNECT", SolTcp, 30, 1, Fresh, SF.FastopenConnect),
            new("tcp_fastopen_key", "TCP_FASTOPEN_KEY", SolTcp, 33, Listener, SF.FastopenKey)
            {
                Value = Sequence(16), GetLength = 32, Format = ValueFormat.Hex,
            },
            Int("tcp_fastopen_no_cookie", "TCP_FASTOPEN_NO_COOKIE", SolTcp, 34, 1, Fresh, SF.FastopenNoCookie),
            Int("tcp_defer_accept", "TCP_DEFER_ACCEPT", SolTcp, 9, 3, Listener, SF.DeferAccept),
            Int("tcp_user_timeout", "TCP_USER_TIMEOUT", SolTcp, 18, 5000, PerConnection, SF.Socket) with { ExpectRejected = NotHandled },
            Int("tcp_quickack", "TCP_QUICKACK", SolTcp, 12, 1, PerConnection, SF.Socket) with { ExpectRejected = NotHandled },
            Get("tcp_is_mptcp", "TCP_IS_MPTCP", SolTcp, 43, 4, Established, Features.TcpIsMptcp) with
            {
                KnownDifference = "TCP_IS_MPTCP reads 1 on an MPTCP connection, 0 on TCP",
            },
            Text("tcp_ulp", "TCP_ULP", SolTcp, 31, "tls", 0, Fresh, SF.Socket) with
            {
                ExpectRejected = "an upper-layer protocol (kTLS) cannot sit on an MPTCP socket (TCP_ULP: EOPNOTSUPP)",
            },
            new("tcp_md5sig", "TCP_MD5SIG", SolTcp, 14, Fresh, SF.Socket)
            {
                Value = new byte[216], GetLength = 0, Format = ValueFormat.Hex,
                ExpectRejected = "TCP-MD5 is incompatible with MPTCP (not in mptcp_supported_sockopt: ENOPROTOOPT)",
            },
        ];

        // SOL_MPTCP: the full read, optlen 0, and a short optlen (8 bytes, under every struct's minimum).
        Mptcp(p, "mptcp_info", "MPTCP_INFO", 1, Features.MptcpInfo, 48, null);
        Mptcp(p, "mptcp_tcpinfo", "MPTCP_TCPINFO", 2, Features.TcpInfo, 16 + 232, Header(232));
        Mptcp(p, "mptcp_subflow_addrs", "MPTCP_SUBFLOW_ADDRS", 3, Features.SubflowAddrs, 16 + 256, Header(256));
        Mptcp(p, "mptcp_full_info", "MPTCP_FULL_INFO", 4, Features.FullInfo, 168, null);
        return p;
    }

    /// <summary>The uapi numbers' levels, for the layout test.</summary>
    public static string LevelName(int level) => level switch
    {
        SolSocket => "SOL_SOCKET",
        SolIp => "SOL_IP",
        SolIpv6 => "SOL_IPV6",
        SolTcp => "IPPROTO_TCP",
        _ => "SOL_MPTCP",
    };

    private static void Mptcp(List<SockoptProbe> p, string id, string cname, int optname, Feature feature, int length, byte[]? input)
    {
        p.Add(Get(id, cname, SolMptcp, optname, length, Established, feature) with
        {
            GetInput = input, CompareValue = false, Format = ValueFormat.Hex, KnownDifference = SolMptcpOnly,
        });
        p.Add(Get(id + ".optlen0", cname, SolMptcp, optname, 0, Established, feature) with { GetInput = input, LengthProbe = true, Format = ValueFormat.Hex });
        p.Add(Get(id + ".short", cname, SolMptcp, optname, 8, Established, feature) with { GetInput = input, LengthProbe = true, Format = ValueFormat.Hex });
    }

    /// <summary>struct mptcp_subflow_data: size_subflow_data 16, num_subflows 0, size_kernel 0, size_user.</summary>
    private static byte[] Header(int sizeUser) => Ints(16, 0, 0, sizeUser);

    private static SockoptProbe Int(string id, string cname, int level, int optname, int value, Stage stages, Feature feature) =>
        new(id, cname, level, optname, stages, feature) { Value = Ints(value) };

    private static SockoptProbe Text(string id, string cname, int level, int optname, string value, int getLength, Stage stages, Feature feature) =>
        new(id, cname, level, optname, stages, feature) { Value = Encoding.ASCII.GetBytes(value), GetLength = getLength, Format = ValueFormat.Text };

    private static SockoptProbe Get(string id, string cname, int level, int optname, int length, Stage stages, Feature feature) =>
        new(id, cname, level, optname, stages, feature) { GetLength = length };

    /// <summary>1, 2, ... <paramref name="n"/>: a TCP_FASTOPEN_KEY.</summary>
    private static byte[] Sequence(int n)
    {
        var b = new byte[n];
        for (var i = 0; i < n; i++) b[i] = (byte)(i + 1);
        return b;
    }

    private static byte[] Ints(params int[] values)
    {
        var b = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(i * 4), values[i]);
        return b;
    }
}
