using MptcpMatrix.Agent.Checks;
using MptcpMatrix.Agent.Expectations;
using MptcpMatrix.Agent.Sockets;

namespace MptcpMatrix.Agent.Selftest;

/// <summary>The connecting side: IP_TOS, a getsockopt round, the echo of a random payload, a final round, and the
/// rcv_nxt accounting.</summary>
internal static class ClientSide
{
    public static void Run(ProbeContext ctx, CheckLog log, byte[] payload, SemaphoreSlim xmit)
    {
        ConnectionRound.Run(ctx, log, "client", accepting: false);
        IpTosRound.Run(ctx, log.Scope("client"));
        SockoptRound.Run(ctx, log.Scope("client.initial"), 0, 0);

        var e = log.Scope("client.echo");
        if (!xmit.Wait(ctx.Deadline.RemainingMilliseconds))
        {
            e.Error("xmit", "the accepting side never signalled it was ready (timeout)", "ETIMEDOUT");
            return;
        }

        var w = ctx.Api.Write(ctx.Fd, payload);
        if (!e.Expect("write", w.Value == payload.Length, payload.Length.ToString(), w.ToString())) return;

        var received = new byte[4096];
        var total = 0;
        var eof = false;
        SysResult r = default;
        while (total < payload.Length)
        {
            r = ctx.Api.Read(ctx.Fd, received.AsSpan(total), ctx.Deadline);
            if (!r.Ok) break;
            if (r.Value == 0)
            {
                eof = true;
                break;
            }

            total += (int)r.Value;
        }

        if (!r.Ok && r.Errno == Interop.Errno.ETIMEDOUT)
        {
            e.Error("length", $"echo incomplete at the deadline: {total} of {payload.Length} bytes", r.ErrnoName);
            return;
        }

        e.Expect("length", total == payload.Length, $"{payload.Length} bytes echoed", $"{total} bytes" + (eof ? " then EOF" : "") + (r.Ok ? "" : $", read {r}"));
        var mismatch = received.AsSpan(0, total).CommonPrefixLength(payload);
        e.Expect("payload", total == payload.Length && mismatch == total, "echo identical to what was sent",
            mismatch < total ? $"first difference at byte {mismatch}: sent 0x{payload[mismatch]:x2}, got 0x{received[mismatch]:x2}"
            : total == payload.Length ? "identical" : $"{total} of {payload.Length} bytes, identical so far");
        var early = ctx.State.TcpiRcvDelta;
        e.Expect("tcpi_rcv_delta", early == 0 || early <= (ulong)total, $"0 or <= {total}", early.ToString());

        SockoptRound.Run(ctx, log.Scope("client.final"), (ulong)total, (ulong)payload.Length);

        var expected = (ulong)total + (eof ? 1UL : 0UL); // a FIN advances the sequence space by one
        if (ctx.State.LastInfo is null)
            (e with { Feature = Features.MptcpInfo }).Missing("rcv_nxt_delta", "needs an MPTCP_INFO sample");
        else
            (e with { Feature = Features.MptcpInfo }).Equal("rcv_nxt_delta", expected, ctx.State.MptcpiRcvDelta);
    }
}
