using MptcpMatrix.Agent.Checks;
using MptcpMatrix.Agent.Sockets;
using static MptcpMatrix.Agent.Native.SocketConstants;

namespace MptcpMatrix.Agent.Sockopts;

/// <summary>
/// Whether what an application sets on a socket before connect() reaches the connection's first subflow
/// (<c>sockopts.OPTION.preconnect.subflow</c>): the probes with a subflow effect set on a fresh MPTCP socket and a
/// fresh TCP socket, both then connected to their listener, and each subflow compared with the TCP connection as
/// <see cref="SubflowCheck"/> does after a set on a connected socket. Probes that would hide each other share no
/// connection (<see cref="Groups"/>): two values of one option, and IP_TOS with SO_PRIORITY (a TOS sets sk_priority).
/// Kernels up to 6.1 create the first subflow with the MPTCP socket (mptcp_init_sock) and pass a set on to it at once;
/// later ones create it when first needed (__mptcp_nmpc_sk) and copy the options over then. A set MPTCP refuses is
/// judged by the option's feature, as the option's own check.
/// </summary>
internal static class PreconnectCheck
{
    public const string StageName = "preconnect";

    public static IEnumerable<SockoptProbe> Probes(AddressFamily family) => SockoptCatalog.All.Where(p =>
        p.Subflow != SubflowEffect.None && !p.GetOnly && (p.Stages & Stage.Fresh) != 0 && (!p.Ipv6Only || family.Af == AF_INET6));

    /// <summary>The probes in as few connections as keep each one's effect visible, in the catalog's order.</summary>
    public static List<List<SockoptProbe>> Groups(IEnumerable<SockoptProbe> probes)
    {
        var groups = new List<List<SockoptProbe>>();
        foreach (var probe in probes)
        {
            var group = groups.Find(g => !g.Exists(other => Hides(probe, other)));
            if (group is null) groups.Add([probe]);
            else group.Add(probe);
        }

        return groups;
    }

    private static bool Hides(SockoptProbe a, SockoptProbe b) =>
        a.Subflow == b.Subflow || (a.Level == b.Level && a.OptName == b.OptName) ||
        (a.Subflow, b.Subflow) is (SubflowEffect.Tos, SubflowEffect.Priority) or (SubflowEffect.Priority, SubflowEffect.Tos);

    /// <summary>The checks, on connections to the listeners of the suite's <paramref name="mptcp"/> and
    /// <paramref name="tcp"/> socket sets.</summary>
    public static void Run(ISocketApi api, CheckScope s, AddressFamily family, SocketSet mptcp, SocketSet tcp, Deadline deadline)
    {
        foreach (var group in Groups(Probes(family))) Run(api, s, family, group, mptcp, tcp, deadline);
    }

    private static void Run(ISocketApi api, CheckScope s, AddressFamily family, List<SockoptProbe> probes, SocketSet mptcp, SocketSet tcp, Deadline deadline)
    {
        SafeFd? m = null, t = null, mAccepted = null, tAccepted = null;
        try
        {
            m = MptcpSockets.Open(family, IPPROTO_MPTCP);
            t = MptcpSockets.Open(family, IPPROTO_TCP);
            var readings = probes.Select(p => (Set(api, m, IPPROTO_MPTCP, p), Set(api, t, IPPROTO_TCP, p))).ToList();
            MptcpSockets.Connect(m, family, mptcp.ListenPort, deadline);
            MptcpSockets.Connect(t, family, tcp.ListenPort, deadline);
            // One byte each way, accepted in between, so that both ends of the MPTCP connection are fully established
            // before it closes: closed while the listener still held it, its server side falls back (MPTcpExt
            // MPCapableDataFallback) a moment later, which a later connection's counters of the same namespace would
            // take for its own fallback. The byte goes first: the listener may have TCP_DEFER_ACCEPT (its own probe).
            mAccepted = Exchange(m, mptcp[Stage.Listener], deadline);
            tAccepted = Exchange(t, tcp[Stage.Listener], deadline);
            (int, int) mptcpPorts = (MptcpSockets.LocalPort(m), mptcp.ListenPort), tcpPorts = (MptcpSockets.LocalPort(t), tcp.ListenPort);
            for (var i = 0; i < probes.Count; i++)
            {
                var (mr, tr) = readings[i];
                SubflowCheck.Run(api, s.Sub(probes[i].Id), StageName, probes[i], mptcpPorts, tcpPorts, mr, tr, family.Af, deadline);
            }
        }
        catch (SetupException e)
        {
            foreach (var probe in probes)
                s.Sub(probe.Id).Error(StageName + ".subflow", "the connections set up before connect: " + e.Message, e.ErrnoName);
        }
        finally
        {
            mAccepted?.Dispose();
            tAccepted?.Dispose();
            m?.Dispose();
            t?.Dispose();
        }
    }

    /// <summary>One byte from the client, the accept, one byte back (set-up, not through the checked socket API); the
    /// accepted socket.</summary>
    private static SafeFd Exchange(SafeFd client, int listener, Deadline deadline)
    {
        Span<byte> one = [0x4d];
        Must(LinuxSocketApi.Instance.Write(client.Fd, one), "write");
        var accepted = MptcpSockets.Accept(listener, deadline);
        try
        {
            Must(LinuxSocketApi.Instance.Read(accepted.Fd, one, deadline), "read");
            Must(LinuxSocketApi.Instance.Write(accepted.Fd, one), "write");
            Must(LinuxSocketApi.Instance.Read(client.Fd, one, deadline), "read");
            return accepted;
        }
        catch
        {
            accepted.Dispose();
            throw;
        }
    }

    private static void Must(SysResult r, string step)
    {
        if (!r.Ok || r.Value != 1) throw new SetupException(step, r.Ok ? Interop.Errno.EIO : r.Errno, $"{step} of one byte failed: {r}");
    }

    private static Reading Set(ISocketApi api, SafeFd fd, int protocol, SockoptProbe probe)
    {
        SocketLabel.Current = $"sockopts {SocketSet.ProtocolName(protocol)} {StageName} {probe.Id}";
        return new Reading(api.SetSockOpt(fd.Fd, probe.Level, probe.OptName, probe.Value), null, []);
    }
}
