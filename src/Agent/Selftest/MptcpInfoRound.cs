using System.Runtime.InteropServices;
using MptcpMatrix.Agent.Checks;
using MptcpMatrix.Agent.Expectations;
using MptcpMatrix.Agent.Native;
using static MptcpMatrix.Agent.Native.SocketConstants;

namespace MptcpMatrix.Agent.Selftest;

/// <summary>MPTCP_INFO: length, write_seq accounting against the first sample, rcv_nxt delta, a zero-length read, and
/// the byte counters newer kernels append (the latest upstream selftest judges them when the kernel's mptcp_info is
/// the 6.5 size or more).</summary>
internal static class MptcpInfoRound
{
    /// <summary>The byte-counter checks, under <c>mptcp_info.counters</c>.</summary>
    public static readonly string[] CounterChecks = ["bytes_sent", "bytes_received", "bytes_acked"];

    /// <summary>The check names this round reports under <c>mptcp_info</c>.</summary>
    public static readonly string[] Checks =
        ["call", "length", "write_seq", "zero_length", "counters.call", .. CounterChecks.Select(c => "counters." + c)];

    public static bool Run(ProbeContext ctx, CheckScope scope, ulong read, ulong written)
    {
        var s = scope.Sub("mptcp_info", Features.MptcpInfo);
        ctx.State.LastCounters = null;
        Span<byte> buf = stackalloc byte[MptcpInfo.Size];
        buf.Clear();
        var olen = MptcpInfo.Size;
        var result = ctx.Api.GetSockOpt(ctx.Fd, SOL_MPTCP, MPTCP_INFO, buf, ref olen);
        if (!s.Called(Checks, result, "getsockopt MPTCP_INFO")) return false;
        s.Equal("length", MptcpInfo.Size, olen);

        var info = MemoryMarshal.Read<MptcpInfo>(buf);
        if (ctx.State.Base is not { WriteSeq: not 0 }) ctx.State.Base = info;
        var baseInfo = ctx.State.Base.Value;
        s.Expect("write_seq", baseInfo.WriteSeq + written == info.WriteSeq,
            $"{baseInfo.WriteSeq + written} (first sample {baseInfo.WriteSeq} + {written} written)", info.WriteSeq.ToString());
        ctx.State.MptcpiRcvDelta = info.RcvNxt - baseInfo.RcvNxt;
        ctx.State.LastInfo = info;

        // optlen 0 with no buffer: how applications ask "is this still MPTCP?" (6.10 returns before filling anything,
        // older kernels fill and copy nothing); the call succeeds and optlen stays 0.
        var zero = 0;
        var empty = ctx.Api.GetSockOpt(ctx.Fd, SOL_MPTCP, MPTCP_INFO, [], ref zero);
        s.Expect("zero_length", empty.Ok && zero == 0, "0, optlen 0", $"{empty}, optlen {zero}");

        Counters(ctx, s.Sub("counters"), read, written);
        return true;
    }

    /// <summary>bytes_sent/bytes_received/bytes_acked, when the kernel's mptcp_info is long enough to have them.</summary>
    private static void Counters(ProbeContext ctx, CheckScope s, ulong read, ulong written)
    {
        var bytes = s with { Feature = Features.InfoCounters };
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
                foreach (var name in CounterChecks)
                    bytes.Missing(name, $"this kernel's mptcp_info is {olen} bytes; the byte counters need {MptcpInfoExtension.MinimumLength}");
                return;
            }

            ctx.State.LastCounters = (Read(buf, MptcpInfoExtension.BytesSentOffset), Read(buf, MptcpInfoExtension.BytesReceivedOffset));

            var sent = Read(buf, MptcpInfoExtension.BytesSentOffset);
            var received = Read(buf, MptcpInfoExtension.BytesReceivedOffset);
            var acked = Read(buf, MptcpInfoExtension.BytesAckedOffset);
            var settled = sent == written && received == read && acked == written;
            if (settled || !Retry.Pause(attempt, ctx.Deadline))
            {
                bytes.Equal("bytes_sent", written, sent);
                bytes.Equal("bytes_received", read, received);
                bytes.Equal("bytes_acked", written, acked);
                return;
            }
        }
    }

    private static ulong Read(ReadOnlySpan<byte> buf, int offset) => MemoryMarshal.Read<ulong>(buf[offset..]);
}
