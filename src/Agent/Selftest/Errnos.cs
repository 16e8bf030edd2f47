using MptcpMatrix.Agent.Sockets;

namespace MptcpMatrix.Agent.Selftest;

/// <summary>Which errors mean "this kernel does not have it" rather than "broken".</summary>
internal static class Errnos
{
    /// <summary>EOPNOTSUPP: SOL_MPTCP options before 5.16, MPTCP_FULL_INFO before it existed; ENOPROTOOPT: unknown option.</summary>
    public static bool MeansUnsupported(SysResult result) =>
        !result.Ok && result.Errno is Interop.Errno.EOPNOTSUPP or Interop.Errno.ENOPROTOOPT;
}
