using System.Globalization;
using MptcpMatrix.Agent.Checks;
using MptcpMatrix.Agent.Host;
using MptcpMatrix.Agent.Sockets;
using MptcpMatrix.Contracts;

namespace MptcpMatrix.Agent.Sockopts;

/// <summary>
/// Whether an option set on a connected (or accepted) MPTCP socket reached its subflow as userspace can see it: inet_diag
/// of the namespace's TCP sockets, where a subflow is an ordinary TCP socket with the MPTCP socket's ports, compared
/// with the TCP socket that got the same setsockopt (<c>sockopts.OPTION.STAGE.subflow</c>):
/// <list type="bullet">
/// <item>the subflow shows what the TCP socket shows (TCP_CONGESTION's algorithm, IP_TOS, SO_PRIORITY as the class id,
/// SO_MARK, SO_SNDBUF/SO_RCVBUF as doubled by the kernel): pass;</item>
/// <item>it shows something else: fail (mptcp_setsockopt propagates these to every subflow since the commit that added
/// the option; sync_socket_options copies them to subflows created later);</item>
/// <item>MPTCP's setsockopt refused: judged by the option's feature, as the option's own check;</item>
/// <item>the option, or reading INET_DIAG_MARK, needs a capability the agent lacks: "needs CAP_X";</item>
/// <item>no inet_diag for TCP in this kernel (CONFIG_INET_TCP_DIAG off, or its module not loaded): unsupported,
/// <see cref="Expectation.NotObservable"/>: the environment cannot look, which says nothing about MPTCP.</item>
/// </list>
/// </summary>
internal static class SubflowCheck
{
    /// <summary>The check <c>sockopts.OPTION.STAGE.subflow</c> of the MPTCP and TCP connections with these (local,
    /// remote) ports, after their setsockopt readings <paramref name="m"/> and <paramref name="t"/>.</summary>
    public static void Run(ISocketApi api, CheckScope s, string stageName, SockoptProbe probe, (int Local, int Remote) mptcpPorts,
        (int Local, int Remote) tcpPorts, Reading m, Reading t, int af, Deadline deadline)
    {
        var name = stageName + ".subflow";
        var what = Attribute(probe.Subflow);
        if (m.Set is { Ok: false } refused)
        {
            var same = t.Set is { Ok: false } tr && tr.Errno == refused.Errno;
            if (same && probe.Needs is { } needs && !s.Log.Judge.Capabilities.HasAny(needs) && refused.Errno == Interop.Errno.EPERM)
                s.NeedsCapability(name, needs, probe.NeedsWhy ?? "", "setsockopt refused with EPERM on MPTCP and TCP: nothing to see on the subflow", refused.ErrnoName);
            else if (same)
                s.Log.Add(s.Id(name), CheckOutcome.Pass, "as on TCP", $"rejected {refused.ErrnoName} as on TCP: nothing to see on either subflow", refused.ErrnoName, feature: probe.Feature);
            else
                (s with { Feature = probe.Feature }).Missing(name, $"MPTCP's setsockopt refused ({refused}): nothing reached the subflow", refused.ErrnoName);
            return;
        }

        SocketLabel.Current = $"sockopts diag {stageName} {probe.Id} mptcp {mptcpPorts.Local}>{mptcpPorts.Remote}";
        var (sub, peer, failed) = Observe(api, af, mptcpPorts, tcpPorts, deadline);
        if (failed is { } dump)
        {
            if (dump.Errno is Interop.Errno.ENOENT or Interop.Errno.EOPNOTSUPP or Interop.Errno.EPROTONOSUPPORT)
                (s with { Feature = probe.Feature }).NotObservable(name, "inet_diag of TCP sockets (tcp_diag)",
                    $"inet_diag cannot show TCP sockets here (sock_diag: {dump.ErrnoName}): CONFIG_INET_TCP_DIAG is off or its module (tcp_diag) is not loaded, so the subflow's {what} cannot be observed",
                    dump.ErrnoName);
            else
                s.Error(name, $"inet_diag of the TCP sockets failed: {dump}", dump.ErrnoName);
            return;
        }

        if (sub is null || peer is null)
        {
            s.Error(name, $"inet_diag showed no established TCP socket with the ports of the {(sub is null ? "MPTCP socket (its first subflow)" : "TCP socket")}");
            return;
        }

        var (mv, tv) = (Value(probe.Subflow, sub), Value(probe.Subflow, peer));
        if (tv is null)
        {
            if (probe.Subflow == SubflowEffect.Mark && !s.Log.Judge.Capabilities.Has(Capability.NetAdmin))
                s.NeedsCapability(name, [Capability.NetAdmin], "inet_diag sends INET_DIAG_MARK only to a reader with CAP_NET_ADMIN (d545caca827b)",
                    $"no {what} in the dump (MPTCP subflow {mv ?? "none"}, TCP none)", null);
            else
                s.Error(name, $"inet_diag did not report {what} for the TCP socket");
            return;
        }

        var observed = $"MPTCP subflow {what} {mv ?? "none"}; TCP {what} {tv}";
        var ok = mv == tv;
        s.Log.Add(s.Id(name), ok ? CheckOutcome.Pass : CheckOutcome.Fail, $"the subflow carries what was set on the MPTCP socket, as on TCP: {what} {tv}",
            (ok ? "as on TCP: " : "differs from TCP: ") + observed, feature: probe.Feature);
    }

    /// <summary>
    /// The MPTCP socket's first subflow and the TCP socket as inet_diag shows them, each looked up by its ports; null
    /// where the kernel has no such socket. The TCP socket is asked first: when even it is not found (ENOENT), one dump
    /// tells "no inet_diag for TCP" (the dump fails: <c>Failed</c>) from "no such socket" (the dump works).
    /// </summary>
    private static (TcpDiag? Subflow, TcpDiag? Tcp, SysResult? Failed) Observe(ISocketApi api, int af, (int Local, int Remote) mptcp,
        (int Local, int Remote) tcp, Deadline deadline)
    {
        var sockets = new List<TcpDiag>(2);
        var r = api.InetDiagTcp(af, tcp, sockets, deadline);
        if (!r.Ok && r.Errno != Interop.Errno.ENOENT) return (null, null, r);
        if (!r.Ok || Find(sockets, tcp) is null)
        {
            sockets.Clear();
            var dump = api.InetDiagTcp(af, null, sockets, deadline);
            return dump.Ok ? (Find(sockets, mptcp), Find(sockets, tcp), null) : (null, null, dump);
        }

        r = api.InetDiagTcp(af, mptcp, sockets, deadline);
        if (!r.Ok && r.Errno != Interop.Errno.ENOENT) return (null, null, r);
        return (Find(sockets, mptcp), Find(sockets, tcp), null);
    }

    private static TcpDiag? Find(List<TcpDiag> sockets, (int Local, int Remote) ports) =>
        sockets.Find(d => d.LocalPort == ports.Local && d.RemotePort == ports.Remote);

    private static string Attribute(SubflowEffect e) => e switch
    {
        SubflowEffect.Congestion => "INET_DIAG_CONG",
        SubflowEffect.Tos => "INET_DIAG_TOS",
        SubflowEffect.Priority => "INET_DIAG_CLASS_ID",
        SubflowEffect.Mark => "INET_DIAG_MARK",
        SubflowEffect.SndBuf => "SK_MEMINFO_SNDBUF",
        _ => "SK_MEMINFO_RCVBUF",
    };

    private static string? Value(SubflowEffect e, TcpDiag d) => e switch
    {
        SubflowEffect.Congestion => d.Congestion,
        SubflowEffect.Tos => Hex(d.Tos),
        SubflowEffect.Priority => Dec(d.ClassId),
        SubflowEffect.Mark => Dec(d.Mark),
        SubflowEffect.SndBuf => Dec(d.SndBuf),
        _ => Dec(d.RcvBuf),
    };

    private static string? Dec(uint? v) => v?.ToString(CultureInfo.InvariantCulture);

    private static string? Hex(uint? v) => v is { } x ? "0x" + x.ToString("x2", CultureInfo.InvariantCulture) : null;
}
