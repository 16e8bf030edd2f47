using MptcpMatrix.Agent.Checks;

namespace MptcpMatrix.Agent.Selftest;

/// <summary>One round of getsockopt checks (the reference's do_getsockopts), after <paramref name="read"/> bytes read
/// and <paramref name="written"/> written on this side.</summary>
internal static class SockoptRound
{
    public static void Run(ProbeContext ctx, CheckScope scope, ulong read, ulong written)
    {
        MptcpInfoRound.Run(ctx, scope, read, written);
        TcpInfoRound.Run(ctx, scope, read, written);
        SubflowAddrsRound.Run(ctx, scope);
        FullInfoRound.Run(ctx, scope);
    }
}
