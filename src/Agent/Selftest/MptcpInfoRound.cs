using System.Runtime.InteropServices;
using MptcpMatrix.Agent.Checks;
using MptcpMatrix.Agent.Native;
using static MptcpMatrix.Agent.Native.SocketConstants;

namespace MptcpMatrix.Agent.Selftest;

/// <summary>MPTCP_INFO: length, write_seq accounting against the first sample, rcv_nxt delta, and the byte counters
/// newer kernels append.</summary>
internal static class MptcpInfoRound
{
    /// <summary>The byte-counter checks, under <c>mptcp_info.counters</c>.</summary>
    public static readonly string[] CounterChecks = ["bytes_sent", "bytes_received", "bytes_acked"];

    /// <summary>The check names this round reports under <c>mptcp_info</c>.</summary>
    public static readonly string[] Checks =
        ["call", "length", "write_seq", "counters.call", .. CounterChecks.Select(c => "counters." + c)];

    public static bool Run(ProbeContext ctx, CheckScope scope, ulong read, ulong written)
    {
        var s = scope.Sub("mptcp_info");
        Span<byte> buf = stackalloc byte[MptcpInfo.Size];
        buf.Clear();
        var olen = MptcpInfo.Size;
        var result = ctx.Api.GetSockOpt(ctx.Fd, SOL_MPTCP, MPTCP_INFO, buf, ref olen);
        if (Errnos.MeansUnsupported(result))
        {
            s.UnsupportedAll(Checks, "this kernel has no SOL_MPTCP MPTCP_INFO (added in Linux 5.16)", result.ErrnoName);
            return false;
        }

        if (!s.Succeeds("call", result)) return false;
        s.Equal("length", MptcpInfo.Size, olen);

        var info = MemoryMarshal.Read<MptcpInfo>(buf);
        if (ctx.State.Base is not { WriteSeq: not 0 }) ctx.State.Base = info;
        var baseInfo = ctx.State.Base.Value;
        s.Expect("write_seq", baseInfo.WriteSeq + written == info.WriteSeq,
            $"{baseInfo.WriteSeq + written} (first sample {baseInfo.WriteSeq} + {written} written)", info.WriteSeq.ToString());
        ctx.State.MptcpiRcvDelta = info.RcvNxt - baseInfo.RcvNxt;
        ctx.State.LastInfo = info;

        Counters(ctx, s.Sub("counters"), read, written);
        return true;
    }

    /// <summary>bytes_sent/bytes_received/bytes_acked, when the kernel's mptcp_info is long enough to have them.</summary>
    private static void Counters(ProbeContext ctx, CheckScope s, ulong read, ulong written)
    {
        Span<byte> buf = stackalloc byte[256];
        var olen = buf.Length;
        for (var attempt = 0; ; attempt++)
        {
            buf.Clear();
            olen = buf.Length;
            var result = ctx.Api.GetSockOpt(ctx.Fd, SOL_MPTCP, MPTCP_INFO, buf, ref olen);
            if (!s.Succeeds("call", result)) return;
            if (olen < MptcpInfoExtension.MinimumLength)
            {
                s.UnsupportedAll(CounterChecks, $"this kernel's mptcp_info is {olen} bytes; the byte counters need {MptcpInfoExtension.MinimumLength} (newer kernels append them)");
                return;
            }

            var sent = Read(buf, MptcpInfoExtension.BytesSentOffset);
            var received = Read(buf, MptcpInfoExtension.BytesReceivedOffset);
            var acked = Read(buf, MptcpInfoExtension.BytesAckedOffset);
            var settled = sent == written && received == read && acked == written;
            if (settled || !Retry.Pause(attempt, ctx.Deadline))
            {
                s.Equal("bytes_sent", written, sent);
                s.Equal("bytes_received", read, received);
                s.Equal("bytes_acked", written, acked);
                return;
            }
        }
    }

    private static ulong Read(ReadOnlySpan<byte> buf, int offset) => MemoryMarshal.Read<ulong>(buf[offset..]);
}
