using System.Runtime.InteropServices;
using MptcpMatrix.Agent.Checks;
using MptcpMatrix.Agent.Host;
using static MptcpMatrix.Agent.Native.SocketConstants;

namespace MptcpMatrix.Agent.Selftest;

/// <summary>
/// Did this side's connection stay MPTCP? A connection that fell back to plain TCP (a middlebox stripped the MPTCP
/// option, a bug, a peer without MPTCP) answers every SOL_MPTCP getsockopt with EOPNOTSUPP or ENOPROTOOPT, the errno
/// an old kernel gives: without this check a fallback would read as "unsupported" and the run as a pass. Every signal
/// the kernel offers is read:
/// <list type="bullet">
/// <item>SO_PROTOCOL: 262 on an MPTCP socket; accept(2) hands out a plain TCP socket (6) for a client that did not
/// speak MPTCP;</item>
/// <item>TCP_IS_MPTCP (6.10+): 1 while MPTCP is used, 0 after a fallback (refused on older kernels: no signal);</item>
/// <item>MPTCP_INFO's mptcpi_flags: MPTCP_INFO_FLAG_FALLBACK;</item>
/// <item>the network namespace's MPTcpExt counters since before the connection: an MP_CAPABLE SYN (accepting side)
/// or SYN-ACK (connecting side) arrived, and no MPCapableFallback* counter moved.</item>
/// </list>
/// Any evidence of a fallback fails the check and makes this side's missing features <c>fail</c> (fell back) rather
/// than <c>unsupported</c>.
/// </summary>
internal static class ConnectionRound
{
    /// <summary>MPTCP_INFO_FLAG_FALLBACK in mptcpi_flags.</summary>
    public const uint FlagFallback = 1;
    public const int FlagsProbeLength = 16;

    public static void Run(ProbeContext ctx, CheckLog log, string side, bool accepting)
    {
        var s = log.Scope(side + ".connection");
        var fellBack = new List<string>();
        var mptcp = new List<string>();
        var silent = new List<string>();

        var protocol = Int(ctx, SOL_SOCKET, SO_PROTOCOL, out var r);
        if (protocol == IPPROTO_MPTCP) mptcp.Add("SO_PROTOCOL 262");
        else if (protocol is { } p) fellBack.Add($"SO_PROTOCOL {p}" + (p == 6 ? " (a plain TCP socket)" : ""));
        else silent.Add($"SO_PROTOCOL {r}");

        var isMptcp = Int(ctx, SOL_TCP, TCP_IS_MPTCP, out r);
        if (isMptcp == 1) mptcp.Add("TCP_IS_MPTCP 1");
        else if (isMptcp is { } v) fellBack.Add($"TCP_IS_MPTCP {v}");
        else silent.Add($"TCP_IS_MPTCP {r}");

        // 16 bytes reach mptcpi_flags and mptcpi_token (the kernel copies min(optlen, its size)); a length of its own
        // keeps this call apart from the MPTCP_INFO round's.
        Span<byte> info = stackalloc byte[FlagsProbeLength];
        info.Clear();
        var len = info.Length;
        r = ctx.Api.GetSockOpt(ctx.Fd, SOL_MPTCP, MPTCP_INFO, info, ref len);
        if (r.Ok && len >= 8)
        {
            var flags = MemoryMarshal.Read<uint>(info[4..]);
            if ((flags & FlagFallback) != 0) fellBack.Add($"mptcpi_flags 0x{flags:x} (MPTCP_INFO_FLAG_FALLBACK)");
            else mptcp.Add($"mptcpi_flags 0x{flags:x}");
        }
        else
        {
            silent.Add($"MPTCP_INFO {r}");
        }

        Counters(ctx, accepting, fellBack, mptcp, silent);

        var seen = string.Join("; ", [.. fellBack, .. mptcp, .. silent]);
        if (fellBack.Count > 0)
        {
            log.FellBack = string.Join(", ", fellBack);
            log.Add(s.Id("mptcp"), Contracts.CheckOutcome.Fail, "the connection stayed MPTCP", seen,
                reason: "the connection fell back to TCP: " + log.FellBack, expectation: Contracts.Expectation.FellBack);
        }
        else if (mptcp.Count == 0)
        {
            s.Error("mptcp", "no signal could tell whether the connection stayed MPTCP: " + seen);
        }
        else
        {
            s.Expect("mptcp", true, "the connection stayed MPTCP", seen);
        }
    }

    /// <summary>The namespace's MPTcpExt counters since before the connection: the handshake counter of this side
    /// moved (its peer's MP_CAPABLE arrived) and no fallback counter did.</summary>
    private static void Counters(ProbeContext ctx, bool accepting, List<string> fellBack, List<string> mptcp, List<string> silent)
    {
        var after = MptcpCounters.Parse(ctx.Api.ReadNetstat());
        if (after is null || ctx.CountersBefore is not { } before)
        {
            silent.Add("no MPTcpExt counters");
            return;
        }

        foreach (var (name, delta) in after.Moved(before))
        {
            if (name.Contains("Fallback", StringComparison.Ordinal)) fellBack.Add($"MPTcpExt {name} +{delta}");
        }

        var handshake = accepting ? "MPCapableSYNRX" : "MPCapableSYNACKRX";
        switch (after.Delta(before, handshake))
        {
            case null:
                silent.Add($"no MPTcpExt {handshake}");
                break;
            case > 0 and var d:
                mptcp.Add($"MPTcpExt {handshake} +{d}");
                break;
            default:
                fellBack.Add($"MPTcpExt {handshake} +0 (no MP_CAPABLE {(accepting ? "SYN" : "SYN-ACK")} arrived)");
                break;
        }
    }

    /// <summary>An int socket option, or null when the call fails (<paramref name="result"/> says how).</summary>
    private static int? Int(ProbeContext ctx, int level, int name, out Sockets.SysResult result)
    {
        Span<byte> v = stackalloc byte[4];
        v.Clear();
        var len = v.Length;
        result = ctx.Api.GetSockOpt(ctx.Fd, level, name, v, ref len);
        return result.Ok && len == 4 ? MemoryMarshal.Read<int>(v) : null;
    }
}
