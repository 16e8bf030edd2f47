using MptcpMatrix.Agent.Checks;
using MptcpMatrix.Agent.Expectations;
using MptcpMatrix.Agent.Sockets;
using MptcpMatrix.Contracts;
using static MptcpMatrix.Agent.Native.SocketConstants;

namespace MptcpMatrix.Agent.Inq;

/// <summary>
/// The behaviours of the kernel's mptcp_inq selftest, ported: with TCP_INQ on the accepting socket, recvmsg's TCP_CM_INQ
/// message counts the bytes still queued (one less after a one-byte read, 0 once drained, never more than what is left
/// of a bulk transfer, 1 once the FIN is in); SIOCINQ/FIONREAD reaches what was sent; SIOCOUTQ and SIOCOUTQNSD on the
/// sending socket drain to 0 (never more than was written, never NSD above OUTQ). Three pairings: both MPTCP
/// (<c>inq.mptcp.*</c>), a TCP client against an MPTCP listener (<c>inq.tcp_client.*</c>: accept hands out a TCP
/// socket) and an MPTCP client against a TCP listener (<c>inq.tcp_server.*</c>: the client falls back). One process,
/// loopback, one thread; the upstream test's 1-17 MB written by another process while the reader reads, and its
/// one-second sleep, become 32 KiB written whole then read 8 KiB at a time, and a wait for the peer's hang-up (the
/// budget is 0.15 s of TCG guest time for all suites).
/// </summary>
internal static class InqSuite
{
    public const int BulkLength = 32 * 1024;

    /// <summary>Each bulk recvmsg asks for this much: several reads, each with its TCP_CM_INQ to judge.</summary>
    public const int BulkRead = 8 * 1024;

    private static readonly string[] ReaderChecks = ["cmsg_first", "cmsg_drained", "bulk", "fin", "eof"];

    public static void Run(ISocketApi api, AddressFamily family, Deadline deadline, CheckLog log, Random random)
    {
        Combo(api, family, deadline, log.Scope("inq.mptcp"), IPPROTO_MPTCP, IPPROTO_MPTCP, random);
        Combo(api, family, deadline, log.Scope("inq.tcp_client"), IPPROTO_TCP, IPPROTO_MPTCP, random);
        Combo(api, family, deadline, log.Scope("inq.tcp_server"), IPPROTO_MPTCP, IPPROTO_TCP, random);
        SocketLabel.Current = null;
    }

    private static void Combo(ISocketApi api, AddressFamily family, Deadline deadline, CheckScope scope, int clientProtocol, int listenerProtocol, Random random)
    {
        // The accepted socket is MPTCP only when both ends are; the client is MPTCP (fallen back or not) when it asked.
        var reader = scope with { Feature = clientProtocol == IPPROTO_MPTCP && listenerProtocol == IPPROTO_MPTCP ? SockoptFeatures.Inq : SockoptFeatures.Socket };
        var readerIoctl = reader with { Feature = reader.Feature == SockoptFeatures.Inq ? SockoptFeatures.Ioctls : SockoptFeatures.Socket };
        var writer = scope with { Feature = clientProtocol == IPPROTO_MPTCP ? SockoptFeatures.Ioctls : SockoptFeatures.Socket };
        LoopbackConnection connection;
        try
        {
            connection = LoopbackConnection.Open(family, deadline, clientProtocol, listenerProtocol);
        }
        catch (SetupException e)
        {
            Suites.SuiteSetup.Refused(scope with { Feature = SockoptFeatures.Socket }, family, e);
            return;
        }

        using (connection)
        {
            var (client, accepted) = (connection.Client, connection.Accepted);
            SocketLabel.Current = scope.Prefix + " reader";
            var on = new byte[] { 1, 0, 0, 0 };
            var set = api.SetSockOpt(accepted.Fd, SOL_TCP, InqReading.Type, on);
            var cmsg = set.Ok;
            if (IsMissing(set)) reader.MissingAll(["tcp_inq", .. ReaderChecks], set, "setsockopt TCP_INQ");
            else reader.Succeeds("tcp_inq", set);

            // A first message of 128 to 4094 bytes, as the upstream test sends.
            var length = Math.Max(128, random.Next(4095));
            var message = new byte[length];
            random.NextBytes(message);
            SocketLabel.Current = scope.Prefix + " writer";
            var w = api.Write(client.Fd, message);
            if (!scope.Expect("write", w.Value == length, length.ToString(System.Globalization.CultureInfo.InvariantCulture), w.ToString())) return;

            SocketLabel.Current = scope.Prefix + " reader";
            FionRead(api, readerIoctl, accepted.Fd, length, deadline);
            if (cmsg) FirstMessage(api, reader, accepted.Fd, length, deadline);
            else DrainPlain(api, accepted.Fd, length, deadline);

            SocketLabel.Current = scope.Prefix + " writer";
            OutQueue(api, writer, "outq", client.Fd, length, deadline);
            Bulk(api, reader, writer, client.Fd, accepted.Fd, deadline, cmsg);

            // One last byte, then the client hangs up: the reader sees the byte with inq 1 (the FIN), then EOF with inq 1.
            SocketLabel.Current = scope.Prefix + " writer";
            var last = api.Write(client.Fd, on.AsSpan(0, 1));
            client.Dispose();
            SocketLabel.Current = scope.Prefix + " reader";
            if (cmsg) Fin(api, reader, accepted.Fd, last, deadline);
        }
    }

    /// <summary>FIONREAD until it counts the whole message; never more than was sent.</summary>
    private static void FionRead(ISocketApi api, CheckScope s, int fd, int length, Deadline deadline)
    {
        int queued;
        var max = 0;
        SysResult r;
        while (true)
        {
            r = api.IoctlInt(fd, Interop.Sys.SIOCINQ, out queued);
            if (!r.Ok) break;
            max = Math.Max(max, queued);
            if (queued >= length || deadline.Expired) break;
            Thread.Sleep(1);
        }

        if (IsMissing(r))
        {
            s.Missing("fionread", "ioctl FIONREAD " + r, r.ErrnoName);
            return;
        }

        s.Expect("fionread", r.Ok && queued == length && max <= length, $"{length} (never more)",
            r.Ok ? $"{queued}, at most {max}" : "ioctl FIONREAD " + r);
    }

    /// <summary>recvmsg of one byte says length - 1 queued; a read of the rest returns it all and says 0.</summary>
    private static void FirstMessage(ISocketApi api, CheckScope s, int fd, int length, Deadline deadline)
    {
        var buffer = new byte[4096];
        Span<byte> control = stackalloc byte[64];
        var r = api.RecvMsg(fd, buffer.AsSpan(0, 1), control, out var clen, deadline);
        var inq = r.Ok ? InqReading.Find(control[..Math.Clamp(clen, 0, control.Length)]) : null;
        s.Expect("cmsg_first", r.Value == 1 && inq == length - 1, $"1 byte, TCP_CM_INQ {length - 1}", $"recvmsg {r}, TCP_CM_INQ {Show(inq)}");

        var got = 1;
        int? lastInq = null;
        SysResult rest = default;
        while (got < length)
        {
            rest = api.RecvMsg(fd, buffer, control, out clen, deadline);
            if (!rest.Ok || rest.Value == 0) break;
            got += (int)rest.Value;
            lastInq = InqReading.Find(control[..Math.Clamp(clen, 0, control.Length)]);
        }

        s.Expect("cmsg_drained", got == length && lastInq == 0, $"the other {length - 1} bytes, TCP_CM_INQ 0",
            $"{got - 1} bytes{(rest.Ok ? "" : " (recvmsg " + rest + ")")}, TCP_CM_INQ {Show(lastInq)}");
    }

    /// <summary>Reads the message without control messages (TCP_INQ refused), so the later steps still run.</summary>
    private static void DrainPlain(ISocketApi api, int fd, int length, Deadline deadline)
    {
        var buffer = new byte[4096];
        var got = 0;
        while (got < length)
        {
            var r = api.Read(fd, buffer, deadline);
            if (!r.Ok || r.Value == 0) break;
            got += (int)r.Value;
        }
    }

    /// <summary>SIOCOUTQ and SIOCOUTQNSD on the sending socket until the peer has acknowledged everything.</summary>
    private static void OutQueue(ISocketApi api, CheckScope s, string name, int fd, int written, Deadline deadline)
    {
        int outq, nsd = 0, max = 0;
        var nsdAbove = false;
        SysResult r, rn = default;
        while (true)
        {
            r = api.IoctlInt(fd, Interop.Sys.SIOCOUTQ, out outq);
            if (!r.Ok) break;
            rn = api.IoctlInt(fd, Interop.Sys.SIOCOUTQNSD, out nsd);
            if (!rn.Ok) break;
            max = Math.Max(max, outq);
            nsdAbove |= nsd > outq;
            if (outq == 0 || deadline.Expired) break;
            Thread.Sleep(1);
        }

        var refused = !r.Ok ? r : !rn.Ok ? rn : (SysResult?)null;
        if (refused is { } f && IsMissing(f))
        {
            s.Missing(name, $"ioctl {(!r.Ok ? "SIOCOUTQ" : "SIOCOUTQNSD")} {f}", f.ErrnoName);
            return;
        }

        s.Expect(name, refused is null && outq == 0 && max <= written && !nsdAbove, $"drains to 0 (never above {written}, NSD never above OUTQ)",
            refused is { } e ? $"ioctl {(!r.Ok ? "SIOCOUTQ" : "SIOCOUTQNSD")} {e}" : $"OUTQ {outq} (at most {max}), NSD {nsd}{(nsdAbove ? ", once above OUTQ" : "")}");
    }

    /// <summary>A bulk transfer, written whole and then read 8 KiB at a time: each recvmsg's TCP_CM_INQ is at most what
    /// is still to come; then the sender's queues drain. One thread: 32 KiB fits in loopback's receive window (a
    /// writer thread cost milliseconds of scheduling on a busy machine), and a write that could not finish would end
    /// at the deadline (SO_SNDTIMEO), not hang.</summary>
    private static void Bulk(ISocketApi api, CheckScope reader, CheckScope writer, int client, int server, Deadline deadline, bool cmsg)
    {
        SocketLabel.Current = writer.Prefix + " writer";
        var chunk = new byte[BulkRead];
        long sent = 0;
        SysResult w = SysResult.Success();
        while (sent < BulkLength)
        {
            w = api.Write(client, chunk.AsSpan(0, (int)Math.Min(chunk.Length, BulkLength - sent)));
            if (!w.Ok || w.Value == 0) break;
            sent += w.Value;
        }

        SocketLabel.Current = reader.Prefix + " reader";
        var buffer = new byte[BulkRead];
        Span<byte> control = stackalloc byte[64];
        long got = 0;
        var above = "";
        SysResult rr = default;
        var missingInq = false;
        while (got < sent)
        {
            rr = api.RecvMsg(server, buffer, control, out var clen, deadline);
            if (!rr.Ok || rr.Value == 0) break;
            got += rr.Value;
            if (!cmsg) continue;
            var inq = InqReading.Find(control[..Math.Clamp(clen, 0, control.Length)]);
            if (inq is null) missingInq = true;
            else if (inq > sent - got && above.Length == 0) above = $", TCP_CM_INQ {inq} with {sent - got} left";
        }

        if (cmsg)
        {
            reader.Expect("bulk", sent == BulkLength && got == BulkLength && above.Length == 0 && !missingInq,
                $"{BulkLength} bytes, TCP_CM_INQ never above what is left",
                $"{got} of {sent} bytes written{(w.Ok ? "" : " (write " + w + ")")}{(rr.Ok ? "" : " (recvmsg " + rr + ")")}{above}" +
                $"{(missingInq ? ", a recvmsg without TCP_CM_INQ" : "")}");
        }

        SocketLabel.Current = writer.Prefix + " writer bulk";
        OutQueue(api, writer, "outq_bulk", client, (int)sent, deadline);
    }

    /// <summary>After the last byte and the FIN: recvmsg(1) returns it with TCP_CM_INQ 1, then EOF with TCP_CM_INQ 1.</summary>
    private static void Fin(ISocketApi api, CheckScope s, int fd, SysResult last, Deadline deadline)
    {
        SocketLabel.Current = s.Prefix + " reader fin";
        // Wait for the hang-up (POLLRDHUP) instead of the upstream test's sleep(1).
        var hung = LinuxSocketApi.WaitFor(fd, PollRdHup, deadline);
        Span<byte> one = stackalloc byte[1];
        Span<byte> control = stackalloc byte[64];
        var r = api.RecvMsg(fd, one, control, out var clen, deadline);
        var inq = r.Ok ? InqReading.Find(control[..Math.Clamp(clen, 0, control.Length)]) : null;
        s.Expect("fin", last.Value == 1 && r.Value == 1 && inq == 1, "1 byte, TCP_CM_INQ 1 (the FIN)",
            $"write {last}, {(hung.Ok ? "" : "no hang-up seen, ")}recvmsg {r}, TCP_CM_INQ {Show(inq)}");
        var eof = api.RecvMsg(fd, one, control, out clen, deadline);
        inq = eof.Ok ? InqReading.Find(control[..Math.Clamp(clen, 0, control.Length)]) : null;
        s.Expect("eof", eof is { Ok: true, Value: 0 } && inq == 1, "0 (EOF), TCP_CM_INQ 1", $"recvmsg {eof}, TCP_CM_INQ {Show(inq)}");
    }

    private const short PollRdHup = 0x2000;

    private static string Show(int? inq) => inq?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none";

    private static bool IsMissing(SysResult r) => !r.Ok && r.Errno is Interop.Errno.EOPNOTSUPP or Interop.Errno.ENOPROTOOPT or Interop.Errno.ENOTTY;
}
