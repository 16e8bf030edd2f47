using MptcpMatrix.Agent.Checks;
using MptcpMatrix.Agent.Expectations;
using MptcpMatrix.Agent.Sockets;
using MptcpMatrix.Contracts;
using static MptcpMatrix.Agent.Native.SocketConstants;

namespace MptcpMatrix.Agent.Sockopts;

/// <summary>
/// The socket-option support grid: every probe of <see cref="SockoptCatalog"/> at each of its stages, on an MPTCP socket
/// and a TCP socket of the same family side by side. One check per probe and stage, <c>sockopts.OPTION.STAGE</c>:
/// <list type="bullet">
/// <item>MPTCP answers as TCP does: pass ("supported", or "rejected as on TCP" when both refuse, e.g. EPERM);</item>
/// <item>an option MPTCP refuses by design (SO_ZEROCOPY, TCP_ULP, TCP_MD5SIG): pass when refused, fail when accepted;</item>
/// <item>MPTCP refuses it (EOPNOTSUPP/ENOPROTOOPT): the <see cref="ExpectationJudge"/>'s outcome by the feature
/// (unsupported on a kernel that predates it, fail on one that should have it);</item>
/// <item>MPTCP answers otherwise than TCP: pass when the probe says why by design (SO_PROTOCOL, SOL_MPTCP; there the
/// difference is required, and MPTCP's calls must succeed); a read-back
/// that a later fix corrected (SO_KEEPALIVE, IPV6_V6ONLY) is judged by that fix; any other difference fails.</item>
/// </list>
/// </summary>
internal static class SockoptSuite
{
    private static readonly Stage[] Stages = [Stage.Fresh, Stage.Listener, Stage.Connected, Stage.Accepted];

    public static void Run(ISocketApi api, AddressFamily family, Deadline deadline, CheckLog log)
    {
        var s = log.Scope("sockopts") with { Feature = SockoptFeatures.Socket };
        SocketSet mptcp, tcp;
        try
        {
            mptcp = SocketSet.Open(family, IPPROTO_MPTCP, deadline);
        }
        catch (SetupException e)
        {
            Suites.SuiteSetup.Refused(s, family, e);
            return;
        }

        using (mptcp)
        {
            try
            {
                tcp = SocketSet.Open(family, IPPROTO_TCP, deadline);
            }
            catch (SetupException e)
            {
                s.Error("setup", "the TCP sockets to compare with: " + e.Message, e.ErrnoName);
                return;
            }

            using (tcp)
            {
                foreach (var probe in SockoptCatalog.All)
                {
                    if (probe.Ipv6Only && family.Af != AF_INET6) continue;
                    foreach (var stage in Stages)
                    {
                        if ((probe.Stages & stage) == 0) continue;
                        var name = StageName(stage);
                        var m = Probe(api, mptcp, stage, probe);
                        var t = Probe(api, tcp, stage, probe);
                        Judge(s.Sub(probe.Id), name, probe, m, t);
                        if (probe.Subflow != SubflowEffect.None && (stage & (Stage.Connected | Stage.Accepted)) != 0)
                            SubflowCheck.Run(api, s.Sub(probe.Id), name, probe, mptcp.Ports(stage), tcp.Ports(stage), m, t, family.Af, deadline);
                    }
                }

                PreconnectCheck.Run(api, s, family, mptcp, tcp, deadline);
            }
        }

        SocketLabel.Current = null;
    }

    public static string StageName(Stage stage) => stage switch
    {
        Stage.Fresh => "fresh",
        Stage.Listener => "listener",
        Stage.Connected => "connected",
        _ => "accepted",
    };

    /// <summary>setsockopt (unless get-only), then getsockopt (unless the probe reads nothing back), on one socket.</summary>
    private static Reading Probe(ISocketApi api, SocketSet set, Stage stage, SockoptProbe probe)
    {
        SocketLabel.Current = $"sockopts {set.Protocol} {StageName(stage)} {probe.Id}";
        var fd = set[stage];
        SysResult? setResult = probe.Value is { } value ? api.SetSockOpt(fd, probe.Level, probe.OptName, value) : null;
        if (probe.GetLength == 0 && !probe.LengthProbe) return new Reading(setResult, null, []);
        var buffer = new byte[Math.Max(probe.GetLength, probe.GetInput?.Length ?? 0)];
        probe.GetInput?.CopyTo(buffer, 0);
        var length = probe.GetLength;
        var get = api.GetSockOpt(fd, probe.Level, probe.OptName, buffer, ref length);
        var kept = get.Ok ? buffer.AsSpan(0, Math.Clamp(length, 0, buffer.Length)).ToArray() : [];
        return new Reading(setResult, get, kept);
    }

    private static void Judge(CheckScope s, string name, SockoptProbe probe, Reading m, Reading t)
    {
        var observed = $"MPTCP {m.Describe(probe.Format)}; TCP {t.Describe(probe.Format)}";
        var refusal = m.Refusal;
        if (probe.Needs is { } needs && !s.Log.Judge.Capabilities.HasAny(needs) && t.Refusal is { Errno: Interop.Errno.EPERM })
        {
            // Refused for want of a capability (TCP says so): the privilege of this run, not the kernel, decides it.
            s.NeedsCapability(name, needs, probe.NeedsWhy ?? "", "rejected EPERM: " + observed, refusal?.ErrnoName ?? "EPERM");
            return;
        }

        if (probe.ExpectRejected is { } why)
        {
            var refused = refusal is not null;
            s.Log.Add(s.Id(name), refused ? CheckOutcome.Pass : CheckOutcome.Fail, "rejected: " + why,
                (refused ? "rejected " + refusal!.Value.ErrnoName : "accepted") + ": " + observed, refusal?.ErrnoName, feature: probe.Feature);
            return;
        }

        if (probe.LengthProbe)
        {
            var get = m.Get!.Value;
            if (Missing(get))
            {
                (s with { Feature = probe.Feature }).Missing(name, "rejected: " + observed, get.ErrnoName);
                return;
            }

            var defined = get.Ok || get.Errno == Interop.Errno.EINVAL;
            s.Log.Add(s.Id(name), defined ? CheckOutcome.Pass : CheckOutcome.Fail, "0 or -1 EINVAL",
                (get.Ok ? "supported: " : "rejected " + get.ErrnoName + ": ") + observed, get.Ok ? null : get.ErrnoName, feature: probe.Feature);
            return;
        }

        if (refusal is { } r && Missing(r))
        {
            // setsockopt refused: the option itself is missing; getsockopt refused after a set that worked: its read-back is.
            var feature = m.Set is { Ok: false } || probe.GetFeature is null ? probe.Feature : probe.GetFeature;
            (s with { Feature = feature }).Missing(name, "rejected: " + observed, r.ErrnoName);
            return;
        }

        var newest = probe.GetFeature is { } g && g.Since.CompareTo(probe.Feature.Since) > 0 ? g : probe.Feature;
        if (m.SameAs(t, probe.CompareValue))
        {
            if (probe.KnownDifference is { } expected && refusal is null)
            {
                s.Log.Add(s.Id(name), CheckOutcome.Fail, "differs from TCP: " + expected, "as on TCP: " + observed, feature: newest);
                return;
            }

            var kind = refusal is { } same ? $"rejected {same.ErrnoName} as on TCP" : "supported";
            s.Log.Add(s.Id(name), CheckOutcome.Pass, "as on TCP", kind + ": " + observed, refusal?.ErrnoName, feature: newest);
            return;
        }

        if (probe.KnownDifference is { } known && refusal is null)
        {
            s.Log.Add(s.Id(name), CheckOutcome.Pass, "differs from TCP by design: " + known, "differs from TCP: " + observed, feature: newest);
            return;
        }

        if (probe.GetFeature is { } fix && m.Set is { Ok: true } && t.Set is { Ok: true })
        {
            // The option is taken but reads back otherwise than on TCP: what the later fix corrected.
            (s with { Feature = fix }).Missing(name, "differs from TCP: " + observed);
            return;
        }

        s.Log.Add(s.Id(name), CheckOutcome.Fail, "as on TCP", "differs from TCP: " + observed, refusal?.ErrnoName, feature: newest);
    }

    private static bool Missing(SysResult r) => !r.Ok && r.Errno is Interop.Errno.EOPNOTSUPP or Interop.Errno.ENOPROTOOPT;
}
