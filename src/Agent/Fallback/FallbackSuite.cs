using System.Runtime.InteropServices;
using MptcpMatrix.Agent.Checks;
using MptcpMatrix.Agent.Expectations;
using MptcpMatrix.Agent.Host;
using MptcpMatrix.Agent.Sockets;
using MptcpMatrix.Contracts;
using static MptcpMatrix.Agent.Native.SocketConstants;

namespace MptcpMatrix.Agent.Fallback;

/// <summary>
/// MPTCP against a plain TCP peer, where falling back to TCP is the expected outcome: an MPTCP client against a TCP
/// listener (<c>fallback.mptcp_client.*</c>) and a TCP client against an MPTCP listener (<c>fallback.mptcp_listener.*</c>).
/// The connection must work and carry data both ways; what the MPTCP side's socket then says is recorded: SO_PROTOCOL
/// (262 for the client; the listener's accept hands out a plain TCP socket), TCP_IS_MPTCP (0), each SOL_MPTCP getsockopt
/// (refused with the errno TCP gives, which differs between IPv4 and IPv6: MPTCP issue #358; or answered, with
/// MPTCP_INFO_FLAG_FALLBACK set), and the MPTcpExt counters that moved. Only a broken connection, a socket that claims
/// to be MPTCP, or counters of an MPTCP handshake that cannot have happened fail.
/// </summary>
internal static class FallbackSuite
{
    public const int PayloadLength = 64;

    public static void Run(ISocketApi api, AddressFamily family, Deadline deadline, CheckLog log)
    {
        Combo(api, family, deadline, log.Scope("fallback.mptcp_client") with { Feature = SockoptFeatures.Socket }, IPPROTO_MPTCP, IPPROTO_TCP);
        Combo(api, family, deadline, log.Scope("fallback.mptcp_listener") with { Feature = SockoptFeatures.Socket }, IPPROTO_TCP, IPPROTO_MPTCP);
        SocketLabel.Current = null;
    }

    private static void Combo(ISocketApi api, AddressFamily family, Deadline deadline, CheckScope s, int clientProtocol, int listenerProtocol)
    {
        var mptcpClient = clientProtocol == IPPROTO_MPTCP;
        var before = MptcpCounters.Parse(api.ReadNetstat());
        LoopbackConnection connection;
        try
        {
            connection = LoopbackConnection.Open(family, deadline, clientProtocol, listenerProtocol);
        }
        catch (SetupException e)
        {
            Suites.SuiteSetup.Refused(s, family, e);
            return;
        }

        using (connection)
        {
            var (client, accepted) = (connection.Client, connection.Accepted);
            SocketLabel.Current = s.Prefix + " data";
            Data(api, s, client.Fd, accepted.Fd, deadline);
            SocketLabel.Current = s.Prefix + " mptcp side";
            var fd = mptcpClient ? client.Fd : accepted.Fd;
            Protocol(api, s, fd, mptcpClient);
            IsMptcp(api, s, fd);
            Info(api, s.Sub("mptcp_info", Features.MptcpInfo), fd);
            Answered(api, s.Sub("mptcp_tcpinfo", Features.TcpInfo), fd, MPTCP_TCPINFO, Header(232), 16 + 232);
            Answered(api, s.Sub("mptcp_subflow_addrs", Features.SubflowAddrs), fd, MPTCP_SUBFLOW_ADDRS, Header(256), 16 + 256);
            Answered(api, s.Sub("mptcp_full_info", Features.FullInfo), fd, MPTCP_FULL_INFO, new byte[168], 168);
            Counters(api, s, before, mptcpClient);
        }
    }

    /// <summary>A payload from client to server and back: the connection works without MPTCP on one side.</summary>
    private static void Data(ISocketApi api, CheckScope s, int client, int server, Deadline deadline)
    {
        var payload = new byte[PayloadLength];
        for (var i = 0; i < payload.Length; i++) payload[i] = (byte)('a' + i % 26);
        var sent = api.Write(client, payload);
        var there = ReadAll(api, server, PayloadLength, deadline, out var r1);
        var back = there.Length == PayloadLength ? api.Write(server, there) : default;
        var echo = there.Length == PayloadLength ? ReadAll(api, client, PayloadLength, deadline, out _) : [];
        var ok = sent.Value == PayloadLength && there.AsSpan().SequenceEqual(payload) && echo.AsSpan().SequenceEqual(payload);
        s.Expect("data", ok, $"{PayloadLength} bytes each way, unchanged",
            $"client write {sent}, server read {there.Length} bytes{(r1.Ok ? "" : " (" + r1 + ")")}" +
            $"{(there.AsSpan().SequenceEqual(payload) || there.Length != PayloadLength ? "" : " (changed)")}, echo {echo.Length} bytes" +
            $"{(echo.AsSpan().SequenceEqual(payload) || echo.Length != PayloadLength ? "" : " (changed)")}");
    }

    private static byte[] ReadAll(ISocketApi api, int fd, int length, Deadline deadline, out SysResult last)
    {
        var buffer = new byte[length];
        var total = 0;
        last = default;
        while (total < length)
        {
            last = api.Read(fd, buffer.AsSpan(total), deadline);
            if (!last.Ok || last.Value == 0) break;
            total += (int)last.Value;
        }

        return buffer.AsSpan(0, total).ToArray();
    }

    /// <summary>The MPTCP client stays an MPTCP socket (262); an MPTCP listener hands a TCP client a plain TCP socket (6).</summary>
    private static void Protocol(ISocketApi api, CheckScope s, int fd, bool mptcpClient)
    {
        var value = Int(api, fd, SOL_SOCKET, SO_PROTOCOL, out var r);
        var expected = mptcpClient ? IPPROTO_MPTCP : IPPROTO_TCP;
        s.Expect("so_protocol", value == expected, expected.ToString(System.Globalization.CultureInfo.InvariantCulture),
            value is { } v ? v.ToString(System.Globalization.CultureInfo.InvariantCulture) : r.ToString());
    }

    /// <summary>TCP_IS_MPTCP reads 0 on a connection that fell back (refused before 6.10).</summary>
    private static void IsMptcp(ISocketApi api, CheckScope s, int fd)
    {
        var t = s with { Feature = Features.TcpIsMptcp };
        var value = Int(api, fd, SOL_TCP, TCP_IS_MPTCP, out var r);
        if (value is null && IsMissing(r)) t.Missing("tcp_is_mptcp", "getsockopt TCP_IS_MPTCP " + r, r.ErrnoName);
        else t.Expect("tcp_is_mptcp", value == 0, "0 (fell back to TCP)", value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? r.ToString());
    }

    /// <summary>MPTCP_INFO refused as TCP refuses SOL_MPTCP (recorded), or answered with MPTCP_INFO_FLAG_FALLBACK.</summary>
    private static void Info(ISocketApi api, CheckScope s, int fd)
    {
        Span<byte> info = stackalloc byte[48];
        info.Clear();
        var len = info.Length;
        var r = api.GetSockOpt(fd, SOL_MPTCP, MPTCP_INFO, info, ref len);
        if (!r.Ok)
        {
            Refused(s, "call", r);
            return;
        }

        var flags = len >= 8 ? MemoryMarshal.Read<uint>(info[4..]) : 0;
        s.Expect("call", (flags & Selftest.ConnectionRound.FlagFallback) != 0, "refused, or mptcpi_flags with MPTCP_INFO_FLAG_FALLBACK",
            $"answered: optlen {len}, mptcpi_flags 0x{flags:x}");
    }

    /// <summary>A subflow getsockopt: refused as TCP refuses SOL_MPTCP, or answered; either is recorded.</summary>
    private static void Answered(ISocketApi api, CheckScope s, int fd, int optname, byte[] input, int length)
    {
        var buffer = new byte[Math.Max(length, input.Length)];
        input.CopyTo(buffer, 0);
        var len = length;
        var r = api.GetSockOpt(fd, SOL_MPTCP, optname, buffer, ref len);
        if (!r.Ok)
        {
            Refused(s, "call", r);
            return;
        }

        s.Expect("call", true, "refused, or answered", $"answered: optlen {len}");
    }

    /// <summary>EOPNOTSUPP or ENOPROTOOPT, TCP's answer to SOL_MPTCP: the recorded behaviour; any other errno fails.</summary>
    private static void Refused(CheckScope s, string name, SysResult r)
    {
        // Refused as TCP refuses SOL_MPTCP whether or not the kernel has the option: no claim about its feature, so the
        // check is the MPTCP socket's (an old kernel's refusal is no "earlier than upstream" pass).
        var ok = IsMissing(r);
        s.Log.Add(s.Id(name), ok ? CheckOutcome.Pass : CheckOutcome.Fail, "refused with EOPNOTSUPP or ENOPROTOOPT (TCP's answer to SOL_MPTCP), or answered",
            "refused: " + r, r.ErrnoName, feature: SockoptFeatures.Socket);
    }

    /// <summary>The namespace's MPTcpExt counters that moved: none may say that an MPTCP handshake completed.</summary>
    private static void Counters(ISocketApi api, CheckScope s, MptcpCounters? before, bool mptcpClient)
    {
        var after = MptcpCounters.Parse(api.ReadNetstat());
        if (after is null || before is null)
        {
            // The namespace's netstat file was unreadable or had no MPTcpExt line (a kernel with MPTCP always prints it, so
            // this is the environment's /proc): nothing here can show the counters, which says nothing about the fallback.
            s.NotObservable("counters", $"the namespace's MPTcpExt counters ({MptcpCounters.NetstatPath})",
                $"no MPTcpExt counters in {MptcpCounters.NetstatPath}, so what the handshake counted cannot be observed", null);
            return;
        }

        var moved = new List<string>();
        foreach (var (name, delta) in after.Moved(before)) moved.Add($"{name} +{delta}");
        // An MP_CAPABLE SYN-ACK cannot come from a TCP listener, nor an MP_CAPABLE SYN from a TCP client.
        var impossible = mptcpClient ? "MPCapableSYNACKRX" : "MPCapableSYNRX";
        var wrong = after.Delta(before, impossible) is > 0;
        s.Expect("counters", !wrong, $"no {impossible} (the peer is plain TCP)", moved.Count == 0 ? "none moved" : string.Join(", ", moved));
    }

    private static bool IsMissing(SysResult r) => !r.Ok && r.Errno is Interop.Errno.EOPNOTSUPP or Interop.Errno.ENOPROTOOPT;

    private static int? Int(ISocketApi api, int fd, int level, int name, out SysResult result)
    {
        Span<byte> v = stackalloc byte[4];
        v.Clear();
        var len = v.Length;
        result = api.GetSockOpt(fd, level, name, v, ref len);
        return result.Ok && len == 4 ? MemoryMarshal.Read<int>(v) : null;
    }

    private static byte[] Header(int sizeUser)
    {
        var b = new byte[16];
        b[0] = 16;
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(12), sizeUser);
        return b;
    }
}
