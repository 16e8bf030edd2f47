using MptcpMatrix.Agent.Sockets;

namespace MptcpMatrix.Agent.Selftest;

/// <summary>Which errors say "the kernel does not offer this here" (rather than "refused these arguments").</summary>
internal static class Errnos
{
    /// <summary>EOPNOTSUPP or ENOPROTOOPT: an option this kernel does not know, or one a fallen-back (plain TCP)
    /// connection passes to TCP. Which of the two it is, the <see cref="Expectations.ExpectationJudge"/> decides.</summary>
    public static bool MeanMissing(SysResult result) =>
        !result.Ok && result.Errno is Interop.Errno.EOPNOTSUPP or Interop.Errno.ENOPROTOOPT;
}
