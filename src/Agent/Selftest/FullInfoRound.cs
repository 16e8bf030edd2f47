using System.Runtime.InteropServices;
using MptcpMatrix.Agent.Checks;
using MptcpMatrix.Agent.Expectations;
using MptcpMatrix.Agent.Native;
using static MptcpMatrix.Agent.Native.SocketConstants;

namespace MptcpMatrix.Agent.Selftest;

/// <summary>
/// MPTCP_FULL_INFO (newer upstream): one call returns mptcp_info plus per-subflow info and tcp_info arrays through
/// user pointers. Compared against the MPTCP_INFO, MPTCP_TCPINFO and MPTCP_SUBFLOW_ADDRS samples of the same round.
/// </summary>
internal static unsafe class FullInfoRound
{
    /// <summary>The check names this round reports under <c>full_info</c>.</summary>
    public static readonly string[] Checks =
        ["call", "header", "size_user", "length", "mptcp_info", "counters", "subflow_id", "subflow_addrs", "tcp_info",
         "bogus.short_optlen", "bogus.num_subflows_nonzero", "bogus.size_kernel_nonzero"];

    private const int InfoRoom = 128;
    private const int OptLen = MptcpFullInfo.HeaderSize + InfoRoom;
    private const int Arrays = 2;

    public static void Run(ProbeContext ctx, CheckScope scope)
    {
        var s = scope.Sub("full_info", Features.FullInfo);
        var block = (byte*)NativeMemory.AllocZeroed((nuint)(OptLen + Arrays * (MptcpSubflowInfo.Size + TcpInfo.Size)));
        try
        {
            var opt = new Span<byte>(block, OptLen);
            var sfinfo = block + OptLen;
            var tcpinfo = sfinfo + Arrays * MptcpSubflowInfo.Size;
            var request = new MptcpFullInfo
            {
                SizeTcpinfoUser = TcpInfo.Size,
                SizeSfinfoUser = MptcpSubflowInfo.Size,
                SizeArraysUser = Arrays,
                SubflowInfo = (ulong)sfinfo,
                TcpInfo = (ulong)tcpinfo,
            };
            MemoryMarshal.Write(opt, in request);
            var olen = OptLen;
            var result = ctx.Api.GetSockOpt(ctx.Fd, SOL_MPTCP, MPTCP_FULL_INFO, opt, ref olen);
            if (!s.Called(Checks, result, "getsockopt MPTCP_FULL_INFO")) return;
            var full = MemoryMarshal.Read<MptcpFullInfo>(opt);
            CheckHeader(s, full, olen);
            CheckSamples(ctx, s, full, opt, new ReadOnlySpan<byte>(sfinfo, MptcpSubflowInfo.Size), MemoryMarshal.Read<TcpInfo>(new ReadOnlySpan<byte>(tcpinfo, TcpInfo.Size)));
            Bogus(ctx, s.Sub("bogus"), opt, request);
        }
        finally
        {
            NativeMemory.Free(block);
        }
    }

    private static void CheckHeader(CheckScope s, MptcpFullInfo full, int olen)
    {
        s.Expect("header", full.NumSubflows == 1 && full.SizeTcpinfoKernel > 0 && full.SizeSfinfoKernel > 0,
            "num_subflows 1, size_tcpinfo_kernel > 0, size_sfinfo_kernel > 0",
            $"num_subflows {full.NumSubflows}, size_tcpinfo_kernel {full.SizeTcpinfoKernel}, size_sfinfo_kernel {full.SizeSfinfoKernel}");
        var tcpWant = Math.Min(full.SizeTcpinfoKernel, (uint)TcpInfo.Size);
        var sfWant = Math.Min(full.SizeSfinfoKernel, (uint)MptcpSubflowInfo.Size);
        s.Expect("size_user", full.SizeTcpinfoUser == tcpWant && full.SizeSfinfoUser == sfWant,
            $"size_tcpinfo_user {tcpWant}, size_sfinfo_user {sfWant}",
            $"size_tcpinfo_user {full.SizeTcpinfoUser}, size_sfinfo_user {full.SizeSfinfoUser}");
        s.Expect("length", olen >= MptcpFullInfo.HeaderSize + MptcpInfo.Size && olen <= OptLen,
            $"{MptcpFullInfo.HeaderSize} + min({InfoRoom}, sizeof kernel mptcp_info >= {MptcpInfo.Size})", olen.ToString());
    }

    private static void CheckSamples(ProbeContext ctx, CheckScope s, MptcpFullInfo full, ReadOnlySpan<byte> opt, ReadOnlySpan<byte> sf, TcpInfo ti)
    {
        if (ctx.State.LastInfo is { } info)
        {
            var m = full.MptcpInfo;
            s.Expect("mptcp_info", m.Token == info.Token && m.WriteSeq == info.WriteSeq && m.RcvNxt == info.RcvNxt && m.Subflows == info.Subflows,
                $"token {info.Token:x}, write_seq {info.WriteSeq}, rcv_nxt {info.RcvNxt}, subflows {info.Subflows} (MPTCP_INFO)",
                $"token {m.Token:x}, write_seq {m.WriteSeq}, rcv_nxt {m.RcvNxt}, subflows {m.Subflows}");
        }
        else
        {
            (s with { Feature = Features.MptcpInfo }).Missing("mptcp_info", "no MPTCP_INFO sample to compare with");
        }

        // The latest upstream selftest: FULL_INFO's byte counters are the last MPTCP_INFO sample's (nothing moved since).
        if (ctx.State.LastCounters is { } counters)
        {
            var fullInfo = opt[MptcpFullInfo.HeaderSize..];
            var sent = MemoryMarshal.Read<ulong>(fullInfo[MptcpInfoExtension.BytesSentOffset..]);
            var received = MemoryMarshal.Read<ulong>(fullInfo[MptcpInfoExtension.BytesReceivedOffset..]);
            s.Expect("counters", sent == counters.Sent && received == counters.Received,
                $"mptcpi_bytes_sent {counters.Sent}, mptcpi_bytes_received {counters.Received} (the last MPTCP_INFO sample)",
                $"mptcpi_bytes_sent {sent}, mptcpi_bytes_received {received}");
        }
        else
        {
            (s with { Feature = Features.InfoCounters }).Missing("counters", "no MPTCP_INFO sample with the byte counters to compare with");
        }

        // Subflow ids count from 1: the initial subflow is 1 (the latest upstream selftest asserts exactly that).
        var id = MemoryMarshal.Read<uint>(sf);
        s.Expect("subflow_id", id == 1, "subflow id 1 (the initial subflow)", id.ToString());
        if (ctx.State.LastSubflowAddrs is { } addrs)
        {
            var same = sf.Slice(MptcpSubflowInfo.AddrsOffset, MptcpSubflowAddrs.Size).SequenceEqual(addrs);
            s.Expect("subflow_addrs", same, "the MPTCP_SUBFLOW_ADDRS sample", same ? "the same" : "different addresses");
        }
        else
        {
            (s with { Feature = Features.SubflowAddrs }).Missing("subflow_addrs", "no MPTCP_SUBFLOW_ADDRS sample to compare with");
        }

        if (ctx.State.LastTcpInfo is { } t)
        {
            s.Expect("tcp_info", ti.BytesSent == t.BytesSent && ti.BytesReceived == t.BytesReceived && ti.State == t.State,
                $"state {t.State}, bytes_sent {t.BytesSent}, bytes_received {t.BytesReceived} (MPTCP_TCPINFO)",
                $"state {ti.State}, bytes_sent {ti.BytesSent}, bytes_received {ti.BytesReceived}");
        }
        else
        {
            (s with { Feature = Features.TcpInfo }).Missing("tcp_info", "no MPTCP_TCPINFO sample to compare with");
        }
    }

    /// <summary>The kernel refuses a short optlen and non-zero kernel-owned fields.</summary>
    private static void Bogus(ProbeContext ctx, CheckScope s, Span<byte> opt, MptcpFullInfo request)
    {
        MemoryMarshal.Write(opt, in request);
        var olen = MptcpFullInfo.HeaderSize - 1;
        s.Refused("short_optlen", ctx.Api.GetSockOpt(ctx.Fd, SOL_MPTCP, MPTCP_FULL_INFO, opt, ref olen), Interop.Errno.EINVAL);

        MemoryMarshal.Write(opt, request with { NumSubflows = 1 });
        olen = opt.Length;
        s.Refused("num_subflows_nonzero", ctx.Api.GetSockOpt(ctx.Fd, SOL_MPTCP, MPTCP_FULL_INFO, opt, ref olen), Interop.Errno.EINVAL);

        MemoryMarshal.Write(opt, request with { SizeTcpinfoKernel = 1 });
        olen = opt.Length;
        s.Refused("size_kernel_nonzero", ctx.Api.GetSockOpt(ctx.Fd, SOL_MPTCP, MPTCP_FULL_INFO, opt, ref olen), Interop.Errno.EINVAL);
    }
}
