using MptcpMatrix.Agent.Checks;
using MptcpMatrix.Agent.Sockets;
using MptcpMatrix.Contracts;

namespace MptcpMatrix.Agent.Suites;

/// <summary>A suite whose MPTCP sockets could not be made: unsupported when the kernel has no MPTCP here (as the
/// selftest's setup says), an error otherwise.</summary>
internal static class SuiteSetup
{
    public static void Refused(CheckScope s, AddressFamily family, SetupException e)
    {
        string? why = (e.Step, e.Errno) switch
        {
            ("socket", Interop.Errno.EPROTONOSUPPORT) => "this kernel has no MPTCP (CONFIG_MPTCP is not set)",
            ("socket", Interop.Errno.ENOPROTOOPT) => "MPTCP is disabled in this network namespace (net.mptcp.enabled=0)",
            ("socket", Interop.Errno.EAFNOSUPPORT) when family.Af == Native.SocketConstants.AF_INET6 =>
                "no MPTCP over IPv6 here (CONFIG_MPTCP_IPV6 off or IPv6 disabled)",
            _ => null,
        };
        if (why is not null) s.Unsupported("setup", why, e.ErrnoName, Expectation.MptcpOff);
        else s.Error("setup", e.Message, e.ErrnoName);
    }
}
