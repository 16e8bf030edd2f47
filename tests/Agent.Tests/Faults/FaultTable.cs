using MptcpMatrix.Agent.Selftest;
using MptcpMatrix.Agent.Sockets;
using static MptcpMatrix.Agent.Native.SocketConstants;
using static MptcpMatrix.Agent.Tests.Faults.Fault;
using Errno = Interop.Errno;

namespace MptcpMatrix.Agent.Tests.Faults;

/// <summary>
/// One fault per check the agent reports (some checks have more): the proof that each check can fail, and with the
/// value that the kernel (here: the fault) really returned. <see cref="FaultCoverageTests"/> keeps this table complete.
/// </summary>
internal static class FaultTable
{
    // Lengths the agent passes in, which tell its calls apart.
    private const int InfoLen = 48, CountersLen = 256, TcpInfoLen = 16 + 2 * 232, AddrsLen = 16 + 2 * 256, FamilyOnlyLen = 18, FullLen = 168;

    // Offsets in mptcp_info, mptcp_subflow_data, the TCPINFO buffer and mptcp_full_info.
    private const int Token = 12, WriteSeq = 16, RcvNxt = 32, BytesSent = 56, BytesReceived = 64, BytesAcked = 72;
    private const int NumSubflows = 4, SizeKernel = 8, SizeUser = 12;
    private const int TiBytesReceived = 16 + 128, TiBytesSent = 16 + 200;
    private const int FullNumSubflows = 16, FullSizeTcpinfoUser = 4, FullSubflowInfo = 24, FullTcpInfo = 32, FullMptcpInfo = 40;

    private static readonly Side S = Side.Accepting, C = Side.Connecting;
    private static readonly Phase I = Phase.Initial, F = Phase.Final;

    /// <summary>The client's byte counters never settle in these cases, so it re-polls for seconds with the connection
    /// open; the kernel may then reinject the echo at MPTCP level, which the subflows' tcpi_bytes_* count again.</summary>
    private static readonly string[] DawdlingClient = ["client.final.tcpinfo.bytes", "server.final.tcpinfo.bytes"];

    public static IReadOnlyList<FaultCase> All { get; } = Build();

    public static TheoryData<string> Names => new(All.Select(c => c.Name));

    public static FaultCase Get(string name) => All.Single(c => c.Name == name);

    private static List<FaultCase> Build()
    {
        List<FaultCase> t =
        [
            // setup
            new("the connected peer reports another port", "setup.connect", Observed.PortDiffers(),
                api => api.On(CallKind.GetPeerName, c => c.Side == Side.Setup, After((Span<byte> a, ref int _) => a[3] ^= 1))),

            // the connection stayed MPTCP (each signal of a fallback on its own)
            new("accept hands out a plain TCP socket (SO_PROTOCOL 6)", "server.connection.mptcp", Observed.Contains("SO_PROTOCOL 6 (a plain TCP socket)"),
                api => api.On(CallKind.GetSockOpt, Sockopt(S, SOL_SOCKET, SO_PROTOCOL, 4), After((Span<byte> v, ref int _) => SetU32(v, 0, 6)))),
            new("TCP_IS_MPTCP reads 0 on the connecting side", "client.connection.mptcp", Observed.Contains("TCP_IS_MPTCP 0"),
                api => api.On(CallKind.GetSockOpt, Sockopt(C, SOL_TCP, TCP_IS_MPTCP, 4), After((Span<byte> v, ref int _) => SetU32(v, 0, 0)))),
            new("mptcpi_flags carries MPTCP_INFO_FLAG_FALLBACK", "client.connection.mptcp", Observed.Contains("(MPTCP_INFO_FLAG_FALLBACK)"),
                api => api.On(CallKind.GetSockOpt, Sockopt(C, SOL_MPTCP, MPTCP_INFO, ConnectionRound.FlagsProbeLength), After((Span<byte> v, ref int _) => v[4] |= 1)))
            {
                Family = AddressFamily.IPv6,
            },
            new("an MPCapableFallbackACK counter moves", "server.connection.mptcp", Observed.Contains("MPTcpExt MPCapableFallbackACK +1"),
                api => api.OnNetstat((text, side) => side == Side.Accepting ? Netstat.Add(text, "MPCapableFallbackACK", 1) : text)),
            new("no MP_CAPABLE SYN-ACK is counted", "client.connection.mptcp", Observed.Contains("MPCapableSYNACKRX +0"),
                api => api.OnNetstat((text, side) => side == Side.Connecting ? Netstat.Add(text, "MPCapableSYNACKRX", -1) : text)),

            // IP_TOS (client)
            new("IP_TOS reads back another value", "client.ip_tos.roundtrip", Observed.Contains("getsockopt 0, tos 0x"),
                api => api.On(CallKind.GetSockOpt, Sockopt(C, SOL_IP, IP_TOS, 1), After((Span<byte> v, ref int _) => v[0] ^= 0x04))),
            new("IP_TOS returns optlen 2 for one byte", "client.ip_tos.length", Observed.Is("2"),
                api => api.On(CallKind.GetSockOpt, Sockopt(C, SOL_IP, IP_TOS, 1), After((Span<byte> _, ref int l) => l = 2))),
            new("IP_TOS with optlen 0 returns optlen 1", "client.ip_tos.zero_length", Observed.Is("0, optlen 1"),
                api => api.On(CallKind.GetSockOpt, Sockopt(C, SOL_IP, IP_TOS, 0), After((Span<byte> _, ref int l) => l = 1))),
            new("IP_TOS with optlen -1 is not refused", "client.ip_tos.negative_length", Observed.Is("0, optlen -1"),
                api => api.On(CallKind.GetSockOpt, Sockopt(C, SOL_IP, IP_TOS, -1), Accept())),
            new("IP_TOS with optlen -1 is refused but optlen is changed", "client.ip_tos.negative_length", Observed.Is("-1 EINVAL, optlen 4"),
                api => api.On(CallKind.GetSockOpt, Sockopt(C, SOL_IP, IP_TOS, -1), LengthAfterAnyResult(4))) { Family = AddressFamily.IPv6 },

            // MPTCP_INFO
            new("MPTCP_INFO fails with EINVAL", "server.initial.mptcp_info.call", Observed.Is("-1 EINVAL"),
                api => api.On(CallKind.GetSockOpt, Sockopt(S, SOL_MPTCP, MPTCP_INFO, InfoLen), Refuse(Errno.EINVAL)))
            {
                AlsoFails = ["server.final.mptcp_info.call"],
                Tolerated = ["server.initial.full_info.mptcp_info", "server.final.full_info.mptcp_info", "server.echo.initial_rcv_delta", "server.echo.rcv_nxt_delta",
                    "server.initial.full_info.counters", "server.final.full_info.counters"],
            },
            new("MPTCP_INFO returns optlen 47", "client.initial.mptcp_info.length", Observed.Is("47"),
                api => api.On(CallKind.GetSockOpt, Sockopt(C, SOL_MPTCP, MPTCP_INFO, InfoLen, I), After((Span<byte> _, ref int l) => l = 47))),
            new("MPTCP_INFO reports write_seq + 1", "client.final.mptcp_info.write_seq", Observed.ExpectedPlus(1),
                api => api.On(CallKind.GetSockOpt, Sockopt(C, SOL_MPTCP, MPTCP_INFO, InfoLen, F), After((Span<byte> v, ref int _) => AddU64(v, WriteSeq, 1))))
            {
                AlsoFails = ["client.final.full_info.mptcp_info"],
            },
            new("MPTCP_INFO with optlen 0 returns optlen 4", "client.initial.mptcp_info.zero_length", Observed.Is("0, optlen 4"),
                api => api.On(CallKind.GetSockOpt, Sockopt(C, SOL_MPTCP, MPTCP_INFO, 0, I), After((Span<byte> _, ref int l) => l = 4))),
            new("MPTCP_INFO with room for the counters fails", "server.final.mptcp_info.counters.call", Observed.Is("-1 EINVAL"),
                api => api.On(CallKind.GetSockOpt, Sockopt(S, SOL_MPTCP, MPTCP_INFO, CountersLen, F), Refuse(Errno.EINVAL)))
            {
                AlsoFails = ["server.final.full_info.counters"], // no counter sample to compare with on a kernel that has them
            },
            // Faults that never settle make a side re-poll for ~4 s (Retry). They go on the accepting side's final round,
            // after the client hung up: a connecting side that dawdles with data in flight can see the kernel
            // reinject it at MPTCP level, which tcpi_bytes_* then count twice (observed on 6.18 under load).
            new("mptcpi_bytes_sent is one too many", "server.final.mptcp_info.counters.bytes_sent", Observed.ExpectedPlus(1),
                api => api.On(CallKind.GetSockOpt, Sockopt(S, SOL_MPTCP, MPTCP_INFO, CountersLen, F), After((Span<byte> v, ref int _) => AddU64(v, BytesSent, 1))))
            {
                AlsoFails = ["server.final.full_info.counters"], // FULL_INFO is compared with the falsified sample
            },
            new("mptcpi_bytes_received is one too many", "server.final.mptcp_info.counters.bytes_received", Observed.ExpectedPlus(1),
                api => api.On(CallKind.GetSockOpt, Sockopt(S, SOL_MPTCP, MPTCP_INFO, CountersLen, F), After((Span<byte> v, ref int _) => AddU64(v, BytesReceived, 1))))
            {
                AlsoFails = ["server.final.full_info.counters"], // FULL_INFO is compared with the falsified sample
            },
            new("mptcpi_bytes_acked is one too many", "server.final.mptcp_info.counters.bytes_acked", Observed.ExpectedPlus(1),
                api => api.On(CallKind.GetSockOpt, Sockopt(S, SOL_MPTCP, MPTCP_INFO, CountersLen, F), After((Span<byte> v, ref int _) => AddU64(v, BytesAcked, 1))))
            {
                Family = AddressFamily.IPv6,
            },

            // MPTCP_TCPINFO
            new("MPTCP_TCPINFO fails with EINVAL", "server.initial.tcpinfo.call", Observed.Is("-1 EINVAL"),
                api => api.On(CallKind.GetSockOpt, Sockopt(S, SOL_MPTCP, MPTCP_TCPINFO, TcpInfoLen), Refuse(Errno.EINVAL)))
            {
                AlsoFails = ["server.final.tcpinfo.call"],
                Tolerated = ["server.initial.full_info.tcp_info", "server.final.full_info.tcp_info"],
            },
            new("MPTCP_TCPINFO reports two subflows", "client.initial.tcpinfo.header", Observed.Contains("num_subflows 2"),
                api => api.On(CallKind.GetSockOpt, Sockopt(C, SOL_MPTCP, MPTCP_TCPINFO, TcpInfoLen, I), After((Span<byte> v, ref int _) => SetU32(v, NumSubflows, 2)))),
            new("MPTCP_TCPINFO on the accepting side adds 1 to size_user", "server.initial.tcpinfo.size_user", Observed.ExpectedLastPlus(1),
                api => api.On(CallKind.GetSockOpt, Sockopt(S, SOL_MPTCP, MPTCP_TCPINFO, TcpInfoLen, I), After((Span<byte> v, ref int _) => AddU32(v, SizeUser, 1))))
            {
                AlsoFails = ["server.initial.tcpinfo.length"],
            },
            new("MPTCP_TCPINFO returns optlen + 1", "client.final.tcpinfo.length", Observed.ExpectedLastPlus(1),
                api => api.On(CallKind.GetSockOpt, Sockopt(C, SOL_MPTCP, MPTCP_TCPINFO, TcpInfoLen, F), After((Span<byte> _, ref int l) => l++))),
            new("tcpi_bytes_sent is one too many", "server.final.tcpinfo.bytes", Observed.Contains("tcpi_bytes_sent"),
                api => api.On(CallKind.GetSockOpt, Sockopt(S, SOL_MPTCP, MPTCP_TCPINFO, TcpInfoLen, F), After((Span<byte> v, ref int _) => AddU64(v, TiBytesSent, 1))))
            {
                AlsoFails = ["server.final.full_info.tcp_info"],
            },

            // MPTCP_SUBFLOW_ADDRS
            new("MPTCP_SUBFLOW_ADDRS fails with EINVAL", "server.initial.subflow_addrs.call", Observed.Is("-1 EINVAL"),
                api => api.On(CallKind.GetSockOpt, Sockopt(S, SOL_MPTCP, MPTCP_SUBFLOW_ADDRS, AddrsLen), Refuse(Errno.EINVAL)))
            {
                AlsoFails = ["server.final.subflow_addrs.call"],
                Tolerated = ["server.initial.full_info.subflow_addrs", "server.final.full_info.subflow_addrs"],
            },
            new("MPTCP_SUBFLOW_ADDRS reports no subflow", "client.initial.subflow_addrs.header", Observed.Contains("num_subflows 0"),
                api => api.On(CallKind.GetSockOpt, Sockopt(C, SOL_MPTCP, MPTCP_SUBFLOW_ADDRS, AddrsLen, I), After((Span<byte> v, ref int _) => SetU32(v, NumSubflows, 0)))),
            new("MPTCP_SUBFLOW_ADDRS reports size_user - 1", "server.final.subflow_addrs.size_user", Observed.ExpectedLastPlus(-1),
                api => api.On(CallKind.GetSockOpt, Sockopt(S, SOL_MPTCP, MPTCP_SUBFLOW_ADDRS, AddrsLen, F), After((Span<byte> v, ref int _) => AddU32(v, SizeUser, -1))))
            {
                AlsoFails = ["server.final.subflow_addrs.length"],
            },
            new("MPTCP_SUBFLOW_ADDRS returns optlen + 1", "client.final.subflow_addrs.length", Observed.ExpectedLastPlus(1),
                api => api.On(CallKind.GetSockOpt, Sockopt(C, SOL_MPTCP, MPTCP_SUBFLOW_ADDRS, AddrsLen, F), After((Span<byte> _, ref int l) => l++))),
            new("getsockname returns length 0", "server.initial.subflow_addrs.sockname", Observed.Contains("getsockname 0 len 0"),
                api => api.On(CallKind.GetSockName, c => c.Side == S && c.Phase == I, After((Span<byte> _, ref int l) => l = 0))),
            new("the subflow's local address has another port", "client.initial.subflow_addrs.local", Observed.PortDiffers(),
                api => api.On(CallKind.GetSockOpt, Sockopt(C, SOL_MPTCP, MPTCP_SUBFLOW_ADDRS, AddrsLen, I), After((Span<byte> v, ref int _) => v[16 + 3] ^= 1)))
            {
                AlsoFails = ["client.initial.full_info.subflow_addrs"],
            },
            new("the subflow's remote address is corrupted", "server.final.subflow_addrs.remote", Observed.Contains("addr 00000000000000000000000000000081"),
                api => api.On(CallKind.GetSockOpt, Sockopt(S, SOL_MPTCP, MPTCP_SUBFLOW_ADDRS, AddrsLen, F), After((Span<byte> v, ref int _) => v[16 + 128 + 8 + 15] ^= 0x80)))
            {
                Family = AddressFamily.IPv6,
                AlsoFails = ["server.final.full_info.subflow_addrs"],
            },
            new("the family-only read returns optlen 17", "client.initial.subflow_addrs.family_only.length", Observed.Is("0, optlen 17"),
                api => api.On(CallKind.GetSockOpt, Sockopt(C, SOL_MPTCP, MPTCP_SUBFLOW_ADDRS, FamilyOnlyLen, I, and: c => c.InputU32(0) == 16),
                    After((Span<byte> _, ref int l) => l = 17))),
            new("the family-only read returns family 0", "server.initial.subflow_addrs.family_only.family", Observed.Is("0"),
                api => api.On(CallKind.GetSockOpt, Sockopt(S, SOL_MPTCP, MPTCP_SUBFLOW_ADDRS, FamilyOnlyLen, I, and: c => c.InputU32(0) == 16),
                    After((Span<byte> v, ref int _) => SetU16(v, 16, 0)))),
            new("the family-only read copies the whole addresses", "client.final.subflow_addrs.family_only.truncated",
                Observed.Is("full addresses copied into a 2-byte element"),
                api => api.On(CallKind.GetSockOpt, Sockopt(C, SOL_MPTCP, MPTCP_SUBFLOW_ADDRS, FamilyOnlyLen, F, and: c => c.InputU32(0) == 16),
                    (SocketCall call, Span<byte> v, ref int l, LengthCall real) =>
                    {
                        var r = real(v, ref l);
                        var fd = call.Fd;
                        int ll = 128, rl = 128;
                        api.Inner.GetSockName(fd, v.Slice(16, 128), ref ll);
                        api.Inner.GetPeerName(fd, v.Slice(16 + 128, 128), ref rl);
                        return r;
                    })),

            // MPTCP_FULL_INFO
            new("MPTCP_FULL_INFO fails with EINVAL", "server.initial.full_info.call", Observed.Is("-1 EINVAL"),
                api => api.On(CallKind.GetSockOpt, Sockopt(S, SOL_MPTCP, MPTCP_FULL_INFO, FullLen, I, and: FullMain), Refuse(Errno.EINVAL))),
            new("MPTCP_FULL_INFO reports two subflows", "client.initial.full_info.header", Observed.Contains("num_subflows 2"),
                api => api.On(CallKind.GetSockOpt, Sockopt(C, SOL_MPTCP, MPTCP_FULL_INFO, FullLen, I, and: FullMain),
                    After((Span<byte> v, ref int _) => SetU32(v, FullNumSubflows, 2)))),
            new("MPTCP_FULL_INFO reports size_tcpinfo_user + 1", "server.final.full_info.size_user", Observed.Contains("size_tcpinfo_user 233"),
                api => api.On(CallKind.GetSockOpt, Sockopt(S, SOL_MPTCP, MPTCP_FULL_INFO, FullLen, F, and: FullMain),
                    After((Span<byte> v, ref int _) => AddU32(v, FullSizeTcpinfoUser, 1)))),
            new("MPTCP_FULL_INFO returns optlen 87", "client.final.full_info.length", Observed.Is("87"),
                api => api.On(CallKind.GetSockOpt, Sockopt(C, SOL_MPTCP, MPTCP_FULL_INFO, FullLen, F, and: FullMain), After((Span<byte> _, ref int l) => l = 87))),
            new("MPTCP_FULL_INFO's mptcp_info has another token", "server.initial.full_info.mptcp_info", Observed.Contains("token"),
                api => api.On(CallKind.GetSockOpt, Sockopt(S, SOL_MPTCP, MPTCP_FULL_INFO, FullLen, I, and: FullMain),
                    After((Span<byte> v, ref int _) => v[FullMptcpInfo + Token] ^= 1))),
            new("MPTCP_FULL_INFO's subflow id is 0", "client.initial.full_info.subflow_id", Observed.Is("0"),
                api => api.On(CallKind.GetSockOpt, Sockopt(C, SOL_MPTCP, MPTCP_FULL_INFO, FullLen, I, and: FullMain),
                    After((Span<byte> v, ref int _) => SetU32(Pointee(v, FullSubflowInfo, 4), 0, 0)))),
            new("MPTCP_FULL_INFO's subflow id is 2", "server.final.full_info.subflow_id", Observed.Is("2"),
                api => api.On(CallKind.GetSockOpt, Sockopt(S, SOL_MPTCP, MPTCP_FULL_INFO, FullLen, F, and: FullMain),
                    After((Span<byte> v, ref int _) => SetU32(Pointee(v, FullSubflowInfo, 4), 0, 2)))),
            new("MPTCP_FULL_INFO's mptcpi_bytes_sent is one more than MPTCP_INFO's", "client.final.full_info.counters", Observed.Contains("mptcpi_bytes_sent"),
                api => api.On(CallKind.GetSockOpt, Sockopt(C, SOL_MPTCP, MPTCP_FULL_INFO, FullLen, F, and: FullMain),
                    After((Span<byte> v, ref int _) => AddU64(v, FullMptcpInfo + BytesSent, 1)))),
            new("MPTCP_FULL_INFO's subflow address has another port", "server.final.full_info.subflow_addrs", Observed.Is("different addresses"),
                api => api.On(CallKind.GetSockOpt, Sockopt(S, SOL_MPTCP, MPTCP_FULL_INFO, FullLen, F, and: FullMain),
                    After((Span<byte> v, ref int _) => Pointee(v, FullSubflowInfo, 264)[8 + 3] ^= 1))) { Family = AddressFamily.IPv6 },
            new("MPTCP_FULL_INFO's tcp_info has tcpi_bytes_sent + 1", "client.final.full_info.tcp_info", Observed.Contains("bytes_sent"),
                api => api.On(CallKind.GetSockOpt, Sockopt(C, SOL_MPTCP, MPTCP_FULL_INFO, FullLen, F, and: FullMain),
                    After((Span<byte> v, ref int _) => AddU64(Pointee(v, FullTcpInfo, 232), 200, 1)))),
            new("MPTCP_FULL_INFO accepts a short optlen", "server.initial.full_info.bogus.short_optlen", Observed.Is("0"),
                api => api.On(CallKind.GetSockOpt, Sockopt(S, SOL_MPTCP, MPTCP_FULL_INFO, 39, I), Accept())),
            new("MPTCP_FULL_INFO refuses num_subflows != 0 with EFAULT", "client.final.full_info.bogus.num_subflows_nonzero", Observed.Is("-1 EFAULT"),
                api => api.On(CallKind.GetSockOpt, Sockopt(C, SOL_MPTCP, MPTCP_FULL_INFO, FullLen, F, and: c => c.InputU32(FullNumSubflows) != 0),
                    Refuse(Errno.EFAULT))),
            new("MPTCP_FULL_INFO accepts size_tcpinfo_kernel != 0", "server.final.full_info.bogus.size_kernel_nonzero", Observed.Is("0"),
                api => api.On(CallKind.GetSockOpt, Sockopt(S, SOL_MPTCP, MPTCP_FULL_INFO, FullLen, F, and: c => c.InputU32(0) != 0), Accept())),

            // the echo
            new("the client's write reports one byte less", "client.echo.write", Observed.ExpectedPlus(-1),
                api => api.On(CallKind.Write, Io(C), (_, b, real) =>
                {
                    var r = real(b);
                    return r.Ok ? SysResult.Success(r.Value - 1) : r;
                }))
            {
                Tolerated = ["server."], // the client hangs up early: the server's echo may meet a reset
            },
            new("the server's write reports one byte less", "server.echo.write", Observed.ExpectedPlus(-1),
                api => api.On(CallKind.Write, Io(S), (_, b, real) =>
                {
                    var r = real(b);
                    return r.Ok ? SysResult.Success(r.Value - 1) : r;
                }))
            {
                AlsoFails = ["server.final.mptcp_info.write_seq", "server.final.mptcp_info.counters.bytes_sent",
                    "server.final.mptcp_info.counters.bytes_acked", "server.final.tcpinfo.bytes"],
            },
            new("the client reads the echo but is told EOF", "client.echo.length", Observed.Is("0 bytes then EOF"),
                api => api.On(CallKind.Read, Io(C, 1), (_, b, real) =>
                {
                    real(b);
                    return SysResult.Success(0);
                }))
            {
                AlsoFails = ["client.echo.payload", "client.final.mptcp_info.counters.bytes_received", "client.echo.rcv_nxt_delta"],
                Tolerated = DawdlingClient,
            },
            new("an echo cut short is not reported as identical", "client.echo.payload", Observed.Contains("of ", "bytes, identical so far"),
                api => api.On(CallKind.Read, Io(C, 1), (_, b, real) =>
                {
                    real(b);
                    return SysResult.Success(0);
                }))
            {
                AlsoFails = ["client.echo.length", "client.final.mptcp_info.counters.bytes_received", "client.echo.rcv_nxt_delta"],
                Tolerated = DawdlingClient,
                Family = AddressFamily.IPv6,
            },
            new("a byte of the echo is flipped", "client.echo.payload", Observed.Contains("first difference at byte 0"),
                api => api.On(CallKind.Read, Io(C, 1), (_, b, real) =>
                {
                    var r = real(b);
                    if (r.Value > 0) b[0] ^= 0x20;
                    return r;
                })),
            new("TCPINFO reports bytes received before the client expected any", "client.echo.tcpi_rcv_delta", Observed.Is("100000"),
                api => api.On(CallKind.GetSockOpt, Sockopt(C, SOL_MPTCP, MPTCP_TCPINFO, TcpInfoLen, I), After((Span<byte> v, ref int _) => SetU64(v, TiBytesReceived, 100_000))))
            {
                AlsoFails = ["client.initial.full_info.tcp_info"],
            },
            new("the client's final MPTCP_INFO has rcv_nxt + 1", "client.echo.rcv_nxt_delta", Observed.ExpectedPlus(1),
                api => api.On(CallKind.GetSockOpt, Sockopt(C, SOL_MPTCP, MPTCP_INFO, InfoLen, F), After((Span<byte> v, ref int _) => AddU64(v, RcvNxt, 1))))
            {
                AlsoFails = ["client.final.full_info.mptcp_info"],
            },
            new("the server's first read sees EOF", "server.echo.read", Observed.Is("0"),
                api => api.On(CallKind.Read, Io(S, 1), (_, _, _) => SysResult.Success(0)))
            {
                Tolerated = ["client."], // the server hangs up without echoing: the client's read sees EOF or a reset
            },
            new("rcv_nxt after the server's read is one short", "server.echo.initial_rcv_delta", Observed.ExpectedPlus(-1),
                api => api.On(CallKind.GetSockOpt, Sockopt(S, SOL_MPTCP, MPTCP_INFO, InfoLen, I, occurrence: 2), After((Span<byte> v, ref int _) => AddU64(v, RcvNxt, -1)))),
            new("TCPINFO reports one byte received before the server read", "server.echo.tcpi_rcv_delta", Observed.Is("1"),
                api => api.On(CallKind.GetSockOpt, Sockopt(S, SOL_MPTCP, MPTCP_TCPINFO, TcpInfoLen, I), After((Span<byte> v, ref int _) => SetU64(v, TiBytesReceived, 1))))
            {
                AlsoFails = ["server.initial.full_info.tcp_info"],
            },
            new("the server's wait for hang-up reads a byte", "server.echo.eof", Observed.Is("1"),
                api => api.On(CallKind.Read, c => c.Side == S && c.LengthIn == 1, (_, b, real) =>
                {
                    var r = real(b);
                    return r is { Ok: true, Value: 0 } ? SysResult.Success(1) : r;
                })),
            new("the server's final MPTCP_INFO has rcv_nxt + 1", "server.echo.rcv_nxt_delta", Observed.ExpectedPlus(1),
                api => api.On(CallKind.GetSockOpt, Sockopt(S, SOL_MPTCP, MPTCP_INFO, InfoLen, F), After((Span<byte> v, ref int _) => AddU64(v, RcvNxt, 1))))
            {
                Family = AddressFamily.IPv6,
                AlsoFails = ["server.final.full_info.mptcp_info"],
            },
        ];

        t.AddRange(Bogus("tcpinfo", MPTCP_TCPINFO, flip: false));
        t.AddRange(Bogus("subflow_addrs", MPTCP_SUBFLOW_ADDRS, flip: true));
        return t;
    }

    private static bool FullMain(SocketCall c) => c.InputU32(FullNumSubflows) == 0 && c.InputU32(0) == 0;

    /// <summary>The seven mptcp_subflow_data cases, for TCPINFO on one side/family and SUBFLOW_ADDRS on the other.</summary>
    private static IEnumerable<FaultCase> Bogus(string group, int optname, bool flip)
    {
        var (a, b) = flip ? (C, S) : (S, C);
        var (ap, bp) = flip ? ("client", "server") : ("server", "client");
        var family = flip ? AddressFamily.IPv6 : AddressFamily.IPv4;
        Func<SocketCall, bool> Header(Side side, Phase phase, Func<SocketCall, bool> when) =>
            SubflowHeader(side, optname, c => c.Phase == phase && when(c));

        yield return new($"{group}: a zero size_subflow_data is not refused", $"{ap}.initial.{group}.bogus.zero_size", Observed.Is("0, optlen 16"),
            api => api.On(CallKind.GetSockOpt, Header(a, I, c => c.LengthIn == 16 && c.InputU32(0) == 0), Accept())) { Family = family };
        yield return new($"{group}: the header-only read reports size_user 8", $"{bp}.initial.{group}.bogus.header_only", Observed.Contains("size_user 8"),
            api => api.On(CallKind.GetSockOpt, Header(b, I, c => c.LengthIn == 16 && c.InputU32(0) == 16 && c.InputU32(SizeKernel) == 0 && c.InputU32(NumSubflows) == 0),
                After((Span<byte> v, ref int _) => SetU32(v, SizeUser, 8)))) { Family = family };
        yield return new($"{group}: a short optlen is refused but changed", $"{ap}.final.{group}.bogus.short_optlen", Observed.Contains("optlen 16"),
            api => api.On(CallKind.GetSockOpt, Header(a, F, c => c.LengthIn < 16), LengthAfterAnyResult(16))) { Family = family };
        yield return new($"{group}: a non-zero size_kernel is not refused", $"{bp}.final.{group}.bogus.size_kernel_nonzero", Observed.Is("0"),
            api => api.On(CallKind.GetSockOpt, Header(b, F, c => c.InputU32(SizeKernel) != 0), Accept())) { Family = family };
        yield return new($"{group}: a non-zero num_subflows is not refused", $"{ap}.initial.{group}.bogus.num_subflows_nonzero", Observed.Is("0"),
            api => api.On(CallKind.GetSockOpt, Header(a, I, c => c.InputU32(NumSubflows) != 0), Accept())) { Family = family };
        yield return new($"{group}: a larger header is not truncated", $"{bp}.initial.{group}.bogus.larger_header", Observed.Contains("optlen 24"),
            api => api.On(CallKind.GetSockOpt, Header(b, I, c => c.InputU32(0) == 24), After((Span<byte> _, ref int l) => l = 24))) { Family = family };
        yield return new($"{group}: the one-byte element is written past the odd header", $"{ap}.final.{group}.bogus.one_byte_user", Observed.Contains("buf[0] 90"),
            api => api.On(CallKind.GetSockOpt, Header(a, F, c => c.InputU32(0) == 17), After((Span<byte> v, ref int _) => v[16] = 0x5a))) { Family = family };
    }
}
