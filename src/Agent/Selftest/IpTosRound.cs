using MptcpMatrix.Agent.Checks;
using MptcpMatrix.Agent.Expectations;
using static MptcpMatrix.Agent.Native.SocketConstants;

namespace MptcpMatrix.Agent.Selftest;

/// <summary>IP_TOS on the MPTCP socket: set/get round trip of one byte, zero-length get, negative-length get.</summary>
internal static class IpTosRound
{
    /// <summary>The check names this round reports under <c>ip_tos</c>.</summary>
    public static readonly string[] Checks = ["roundtrip", "length", "zero_length", "negative_length"];

    public static void Run(ProbeContext ctx, CheckScope scope)
    {
        var s = scope.Sub("ip_tos", Features.IpTos);
        var tosIn = (byte)(ctx.Random.Next(256) & 0xfc);
        Span<byte> value = [tosIn];
        var set = ctx.Api.SetSockOpt(ctx.Fd, SOL_IP, IP_TOS, value);
        if (Errnos.MeanMissing(set))
        {
            s.MissingAll(Checks, set, "setsockopt IP_TOS");
            return;
        }

        Span<byte> out1 = [0];
        var len = 1;
        var get = ctx.Api.GetSockOpt(ctx.Fd, SOL_IP, IP_TOS, out1, ref len);
        if (set.Ok && Errnos.MeanMissing(get))
        {
            s.MissingAll(Checks, get, "getsockopt IP_TOS");
            return;
        }

        s.Expect("roundtrip", set.Ok && get.Ok && out1[0] == tosIn,
            $"setsockopt 0, getsockopt 0, tos 0x{tosIn:x2}", $"setsockopt {set}, getsockopt {get}, tos 0x{out1[0]:x2}");
        s.Equal("length", 1, len);

        len = 0;
        get = ctx.Api.GetSockOpt(ctx.Fd, SOL_IP, IP_TOS, out1, ref len);
        s.Expect("zero_length", get.Ok && len == 0, "0, optlen 0", $"{get}, optlen {len}");

        len = -1;
        get = ctx.Api.GetSockOpt(ctx.Fd, SOL_IP, IP_TOS, out1, ref len);
        s.Expect("negative_length", !get.Ok && get.Errno == Interop.Errno.EINVAL && len == -1,
            "-1 EINVAL, optlen -1 unchanged", $"{get}, optlen {len}");
    }
}
