using System.Runtime.InteropServices;
using MptcpMatrix.Agent.Checks;
using MptcpMatrix.Agent.Native;
using static MptcpMatrix.Agent.Native.SocketConstants;

namespace MptcpMatrix.Agent.Selftest;

/// <summary>
/// Malformed and forward-compatible mptcp_subflow_data headers for an option (MPTCP_TCPINFO or MPTCP_SUBFLOW_ADDRS):
/// the kernel must refuse the bogus ones without touching optlen, and handle larger/odd headers exactly.
/// </summary>
internal static class BogusSubflowDataRound
{
    /// <summary>The check names this round reports, relative to its option's scope.</summary>
    public static readonly string[] Checks =
        ["bogus.zero_size", "bogus.header_only", "bogus.short_optlen", "bogus.size_kernel_nonzero",
         "bogus.num_subflows_nonzero", "bogus.larger_header", "bogus.one_byte_user"];

    public static void Run(ProbeContext ctx, CheckScope scope, int optname)
    {
        var s = scope.Sub("bogus");
        const int Good = MptcpSubflowData.Size;
        // struct { mptcp_subflow_data d; char buf[2]; } is 24 bytes: the header is aligned(8).
        Span<byte> bd = stackalloc byte[MptcpSubflowData.BogusSize];
        var good = new MptcpSubflowData { SizeSubflowData = Good };

        // size_subflow_data == 0
        bd.Clear();
        var olen = Good;
        var r = ctx.Api.GetSockOpt(ctx.Fd, SOL_MPTCP, optname, bd, ref olen);
        s.Expect("zero_size", !r.Ok && olen == Good, $"-1, optlen {Good} unchanged", $"{r}, optlen {olen}");

        // the good header alone: one subflow, size_kernel set, no element copied
        Put(bd, good);
        olen = Good;
        r = ctx.Api.GetSockOpt(ctx.Fd, SOL_MPTCP, optname, bd, ref olen);
        var h = SubflowHeader.Read(bd);
        s.Expect("header_only", r.Ok && olen == Good && h.NumSubflows == 1 && h.SizeKernel > 0 && h.SizeUser == 0,
            $"0, optlen {Good}, num_subflows 1, size_kernel > 0, size_user 0",
            $"{r}, optlen {olen}, num_subflows {h.NumSubflows}, size_kernel {h.SizeKernel}, size_user {h.SizeUser}");

        // optlen shorter than the header: refused, optlen left as it was
        Put(bd, good);
        var shortLen = ctx.Random.Next(Good);
        olen = shortLen;
        r = ctx.Api.GetSockOpt(ctx.Fd, SOL_MPTCP, optname, bd, ref olen);
        s.Expect("short_optlen", !r.Ok && olen == shortLen, $"-1, optlen {shortLen} unchanged", $"{r}, optlen {olen}");

        // size_kernel must be 0 on input
        Put(bd, good with { SizeKernel = 1 });
        olen = Good;
        r = ctx.Api.GetSockOpt(ctx.Fd, SOL_MPTCP, optname, bd, ref olen);
        s.Refused("size_kernel_nonzero", r);

        // num_subflows must be 0 on input
        Put(bd, good with { NumSubflows = 1 });
        olen = Good;
        r = ctx.Api.GetSockOpt(ctx.Fd, SOL_MPTCP, optname, bd, ref olen);
        s.Refused("num_subflows_nonzero", r);

        // forward compatibility: a larger header from newer userspace; optlen truncated to what the kernel filled
        Put(bd, good with { SizeSubflowData = MptcpSubflowData.BogusSize });
        olen = MptcpSubflowData.BogusSize;
        r = ctx.Api.GetSockOpt(ctx.Fd, SOL_MPTCP, optname, bd, ref olen);
        h = SubflowHeader.Read(bd);
        s.Expect("larger_header", r.Ok && olen == Good && h.SizeSubflowData == MptcpSubflowData.BogusSize,
            $"0, optlen truncated to {Good}, size_subflow_data {MptcpSubflowData.BogusSize} kept",
            $"{r}, optlen {olen}, size_subflow_data {h.SizeSubflowData}");

        // header of 17 bytes and a one-byte element: no truncation, the byte lands after the odd header
        Put(bd, good with { SizeSubflowData = Good + 1, SizeUser = 1 });
        var want = Good + 2;
        olen = want;
        r = ctx.Api.GetSockOpt(ctx.Fd, SOL_MPTCP, optname, bd, ref olen);
        h = SubflowHeader.Read(bd);
        s.Expect("one_byte_user", r.Ok && olen == want && h.SizeSubflowData == Good + 1 && bd[Good] == 0,
            $"0, optlen {want}, size_subflow_data {Good + 1}, buf[0] 0",
            $"{r}, optlen {olen}, size_subflow_data {h.SizeSubflowData}, buf[0] {bd[Good]}");
    }

    private static void Put(Span<byte> bd, MptcpSubflowData header)
    {
        bd.Clear();
        MemoryMarshal.Write(bd, in header);
    }
}
