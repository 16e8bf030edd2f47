using MptcpMatrix.Agent.Checks;
using MptcpMatrix.Agent.Expectations;

namespace MptcpMatrix.Agent.Selftest;

/// <summary>The accepting side: a getsockopt round, echo what arrives, wait for the peer's hang-up, a final round,
/// and rcv_nxt advanced by the data plus one for the DATA_FIN.</summary>
internal static class ServerSide
{
    public static void Run(ProbeContext ctx, CheckLog log, SemaphoreSlim xmit)
    {
        try
        {
            ConnectionRound.Run(ctx, log, "server", accepting: true);
            SockoptRound.Run(ctx, log.Scope("server.initial"), 0, 0);
        }
        finally
        {
            xmit.Release();
        }

        var e = log.Scope("server.echo");
        var buf = new byte[4096];
        var r = ctx.Api.Read(ctx.Fd, buf, ctx.Deadline);
        if (r.Errno == Interop.Errno.ETIMEDOUT)
        {
            e.Error("read", "no data from the connecting side before the deadline", r.ErrnoName);
            return;
        }

        if (!e.Expect("read", r.Value > 0, "> 0 bytes", r.ToString())) return;
        var got = (ulong)r.Value;
        // The reference asserts mptcpi_rcv_delta <= read, but its delta comes from one sample and is always 0.
        // Re-sample: since the initial sample, rcv_nxt must have advanced by at least the bytes this read returned.
        if (ctx.State.Base is { } first && RcvNxt(ctx) is { } now)
            (e with { Feature = Features.MptcpInfo }).Expect("initial_rcv_delta", now - first.RcvNxt >= got, $">= {got} (rcv_nxt advanced by at least the bytes read)", (now - first.RcvNxt).ToString());
        else
            (e with { Feature = Features.MptcpInfo }).Missing("initial_rcv_delta", "needs an MPTCP_INFO sample");
        var early = ctx.State.TcpiRcvDelta;
        e.Expect("tcpi_rcv_delta", early == 0 || early == got, $"0 or {got}", early.ToString());

        var w = ctx.Api.Write(ctx.Fd, buf.AsSpan(0, (int)got));
        e.Expect("write", w.Value == (long)got, got.ToString(), w.ToString());

        var hangup = ctx.Api.Read(ctx.Fd, buf.AsSpan(0, 1), ctx.Deadline);
        if (hangup.Errno == Interop.Errno.ETIMEDOUT)
        {
            e.Error("eof", "the connecting side did not hang up before the deadline", hangup.ErrnoName);
            return;
        }

        e.Expect("eof", hangup.Ok && hangup.Value == 0, "0 (EOF)", hangup.ToString());
        var written = w.Ok ? (ulong)w.Value : 0;
        SockoptRound.Run(ctx, log.Scope("server.final"), got, written);
        if (ctx.State.LastInfo is null)
            (e with { Feature = Features.MptcpInfo }).Missing("rcv_nxt_delta", "needs an MPTCP_INFO sample");
        else
            (e with { Feature = Features.MptcpInfo }).Equal("rcv_nxt_delta", got + 1, ctx.State.MptcpiRcvDelta);
    }

    /// <summary>mptcpi_rcv_nxt now, or null when MPTCP_INFO fails.</summary>
    private static ulong? RcvNxt(ProbeContext ctx)
    {
        Span<byte> buf = stackalloc byte[Native.MptcpInfo.Size];
        buf.Clear();
        var olen = buf.Length;
        var r = ctx.Api.GetSockOpt(ctx.Fd, Native.SocketConstants.SOL_MPTCP, Native.SocketConstants.MPTCP_INFO, buf, ref olen);
        return r.Ok && olen == buf.Length ? System.Runtime.InteropServices.MemoryMarshal.Read<Native.MptcpInfo>(buf).RcvNxt : null;
    }
}
