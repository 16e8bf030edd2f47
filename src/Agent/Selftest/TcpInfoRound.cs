using System.Runtime.InteropServices;
using MptcpMatrix.Agent.Checks;
using MptcpMatrix.Agent.Expectations;
using MptcpMatrix.Agent.Native;
using static MptcpMatrix.Agent.Native.SocketConstants;

namespace MptcpMatrix.Agent.Selftest;

/// <summary>MPTCP_TCPINFO: header fields, size_user, and the subflow's tcpi_bytes_sent/received (re-polled while
/// transmission may still be in flight), then the bogus-header cases.</summary>
internal static class TcpInfoRound
{
    /// <summary>The check names this round reports under <c>tcpinfo</c>.</summary>
    public static readonly string[] Checks = ["call", "header", "size_user", "length", "bytes", .. BogusSubflowDataRound.Checks];

    private const int BufferLength = MptcpSubflowData.Size + 2 * TcpInfo.Size;

    public static void Run(ProbeContext ctx, CheckScope scope, ulong read, ulong written)
    {
        var s = scope.Sub("tcpinfo", Features.TcpInfo);
        Span<byte> buf = stackalloc byte[BufferLength];
        for (var attempt = 0; ; attempt++)
        {
            SubflowHeader.Write(buf, TcpInfo.Size);
            var olen = BufferLength;
            var result = ctx.Api.GetSockOpt(ctx.Fd, SOL_MPTCP, MPTCP_TCPINFO, buf, ref olen);
            if (!s.Called(Checks, result, "getsockopt MPTCP_TCPINFO")) return;

            var header = SubflowHeader.Read(buf);
            var ti = MemoryMarshal.Read<TcpInfo>(buf[MptcpSubflowData.Size..]);
            var exact = ti.BytesSent == written && ti.BytesReceived == read;
            // the reference accepts early received bytes before this side has read anything, and remembers them
            var early = read == 0 && ti.BytesSent == written && ti.BytesReceived != 0;
            if (exact || early || !Retry.Pause(attempt, ctx.Deadline))
            {
                SubflowHeader.Check(s, header, olen, BufferLength, TcpInfo.Size);
                if (early && !exact) ctx.State.TcpiRcvDelta = ti.BytesReceived;
                s.Expect("bytes", exact || early,
                    $"tcpi_bytes_sent {written}, tcpi_bytes_received {read}" + (read == 0 ? " (or > 0 before reading)" : ""),
                    $"tcpi_bytes_sent {ti.BytesSent}, tcpi_bytes_received {ti.BytesReceived} after {attempt + 1} sample(s)" +
                    (ti.BytesRetrans == 0 ? "" : $" (tcpi_bytes_retrans {ti.BytesRetrans})"));
                ctx.State.LastTcpInfo = ti;
                break;
            }
        }

        BogusSubflowDataRound.Run(ctx, s, MPTCP_TCPINFO);
    }
}
