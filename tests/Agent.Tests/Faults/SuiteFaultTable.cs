using System.Buffers.Binary;
using System.Globalization;
using MptcpMatrix.Agent.Host;
using MptcpMatrix.Agent.Sockets;
using MptcpMatrix.Agent.Sockopts;
using MptcpMatrix.Agent.Suites;
using MptcpMatrix.Contracts;
using static MptcpMatrix.Agent.Tests.Faults.Fault;
using Errno = Interop.Errno;

namespace MptcpMatrix.Agent.Tests.Faults;

/// <summary>
/// The faults of the support suites: for every sockopts probe at every stage, a kernel that lacks it (unsupported on an
/// old kernel, a regression on a new one), one that refuses it with another errno than TCP and one whose read-back
/// differs (or, for an option MPTCP must refuse, one that takes it); for inq and fallback, a fault per check.
/// <see cref="FaultCoverageTests"/> keeps it complete: a check without a fault here fails the build.
/// </summary>
internal static class SuiteFaultTable
{
    /// <summary>The fallback suite's two pairings (an MPTCP client against a TCP listener, and the reverse); declared before
    /// <see cref="All"/>, whose initializer reads it.</summary>
    private static readonly string[] FallbackCombos = ["mptcp_client", "mptcp_listener"];

    public static IReadOnlyList<SuiteFault> All { get; } = Build();

    public static TheoryData<string> Names => new(All.Select(c => c.Name));

    public static SuiteFault Get(string name) => All.Single(c => c.Name == name);

    private static List<SuiteFault> Build()
    {
        var t = new List<SuiteFault>();
        foreach (var probe in SockoptCatalog.All) t.AddRange(Sockopts(probe));
        foreach (var probe in SockoptCatalog.All) t.AddRange(Preconnect(probe));
        foreach (var combo in new[] { "mptcp", "tcp_client", "tcp_server" }) t.AddRange(Inq(combo));
        foreach (var combo in FallbackCombos) t.AddRange(FallbackFaults(combo));
        return t;
    }

    private static IEnumerable<SuiteFault> Sockopts(SockoptProbe p)
    {
        var family = p.Ipv6Only ? AddressFamily.IPv6 : AddressFamily.IPv4;
        foreach (var stage in new[] { Stage.Fresh, Stage.Listener, Stage.Connected, Stage.Accepted })
        {
            if ((p.Stages & stage) == 0) continue;
            var at = SockoptSuite.StageName(stage);
            var label = $"sockopts mptcp {at} {p.Id}";
            var target = $"sockopts.{p.Id}.{at}";
            var name = $"sockopts {p.Id} at {at}";
            bool Set(SocketCall c) => c.Label == label && c.Level == p.Level && c.OptName == p.OptName;
            bool Get(SocketCall c) => Set(c) && c.LengthIn == p.GetLength;
            SuiteFault Case(string what, CheckOutcome outcome, Action<FaultInjectingSocketApi> install) =>
                new($"{name}: {what}", SuiteNames.Sockopts, target, outcome, install) { Family = family };

            if (p.ExpectRejected is not null)
            {
                yield return Case("MPTCP takes what it must refuse", CheckOutcome.Fail, api => api
                    .On(CallKind.SetSockOpt, Set, (_, _, _) => SysResult.Success())
                    .On(CallKind.GetSockOpt, Get, Accept()));
                continue;
            }

            // The call that decides: setsockopt, or getsockopt for a get-only probe.
            Action<FaultInjectingSocketApi> Refuse(int errno) => p.GetOnly
                ? api => api.On(CallKind.GetSockOpt, Get, Fault.Refuse(errno))
                : api => api.On(CallKind.SetSockOpt, Set, RefuseIo(errno));

            // Where the subflow is checked too, a refused setsockopt leaves nothing to see there: judged as the option is.
            string[] subflow = p.Subflow != SubflowEffect.None && (stage & (Stage.Connected | Stage.Accepted)) != 0 ? [target + ".subflow"] : [];
            yield return Case("an old kernel lacks it", CheckOutcome.Unsupported, Refuse(Errno.EOPNOTSUPP)) with
            {
                Expectation = Expectation.ExpectedUnsupported, KernelVersion = "5.0", AlsoUnsupported = subflow,
            };
            yield return Case("a new kernel lacks it", CheckOutcome.Fail, Refuse(Errno.ENOPROTOOPT)) with { Expectation = Expectation.Regression, AlsoFails = subflow };
            yield return Case("MPTCP refuses it with EFAULT", CheckOutcome.Fail, Refuse(Errno.EFAULT)) with { AlsoFails = subflow };
            if (p.Needs is not null)
            {
                // Without the capability the kernel refuses both sockets with EPERM: "needs CAP_X", not a verdict.
                yield return Case("EPERM without the capability", CheckOutcome.Unsupported, api => api
                    .On(CallKind.SetSockOpt, c => c.Label is { } l && l.EndsWith($" {at} {p.Id}", StringComparison.Ordinal) && c.Level == p.Level && c.OptName == p.OptName,
                        RefuseIo(Errno.EPERM))) with
                {
                    Expectation = Expectation.NeedsCapability, Capabilities = Capabilities.None, AlsoUnsupported = subflow,
                };
            }

            foreach (var f in Subflow(p, stage, at, family)) yield return f;
            if (p.LengthProbe) continue;

            if (p.KnownDifference is not null && p.CompareValue)
            {
                // SO_PROTOCOL, TCP_IS_MPTCP: MPTCP must answer otherwise than TCP; the fault makes it read TCP's value.
                var tcpValue = p.Id == "so_protocol" ? 6u : 0u;
                yield return Case("MPTCP reads TCP's value", CheckOutcome.Fail,
                    api => api.On(CallKind.GetSockOpt, Get, After((Span<byte> v, ref int _) => SetU32(v, 0, tcpValue))));
            }
            else if (p.CompareValue)
            {
                yield return Case("MPTCP reads back another value", CheckOutcome.Fail,
                    api => api.On(CallKind.GetSockOpt, Get, After((Span<byte> v, ref int l) =>
                    {
                        if (l > 0) v[0] ^= 0x41;
                    })));
            }
        }
    }

    /// <summary>The check of an option set before connect (<see cref="PreconnectCheck"/>): MPTCP's setsockopt refused
    /// (judged by the option's feature), and the subflow faults.</summary>
    private static IEnumerable<SuiteFault> Preconnect(SockoptProbe p)
    {
        var family = p.Ipv6Only ? AddressFamily.IPv6 : AddressFamily.IPv4;
        if (!PreconnectCheck.Probes(family).Contains(p)) yield break;
        var at = PreconnectCheck.StageName;
        var label = $"sockopts mptcp {at} {p.Id}";
        var target = $"sockopts.{p.Id}.{at}.subflow";
        bool Set(SocketCall c) => c.Label == label && c.Level == p.Level && c.OptName == p.OptName;
        SuiteFault Case(string what, CheckOutcome outcome, Action<FaultInjectingSocketApi> install) =>
            new($"sockopts {p.Id} set before connect: {what}", SuiteNames.Sockopts, target, outcome, install) { Family = family };

        yield return Case("an old kernel lacks it", CheckOutcome.Unsupported, api => api.On(CallKind.SetSockOpt, Set, RefuseIo(Errno.EOPNOTSUPP))) with
        {
            Expectation = Expectation.ExpectedUnsupported, KernelVersion = "5.0",
        };
        yield return Case("a new kernel lacks it", CheckOutcome.Fail, api => api.On(CallKind.SetSockOpt, Set, RefuseIo(Errno.ENOPROTOOPT))) with
        {
            Expectation = Expectation.Regression,
        };
        foreach (var f in Subflow(p, Stage.Connected, at, family)) yield return f;
    }

    /// <summary>The subflow check of a probe at a connected/accepted stage: a subflow that shows another value than
    /// TCP, no inet_diag for TCP, a dump without the subflow; for SO_MARK, a reader without CAP_NET_ADMIN.</summary>
    private static IEnumerable<SuiteFault> Subflow(SockoptProbe p, Stage stage, string at, AddressFamily family)
    {
        if (p.Subflow == SubflowEffect.None || (stage & (Stage.Connected | Stage.Accepted)) == 0) yield break;
        var target = $"sockopts.{p.Id}.{at}.subflow";
        var prefix = $"sockopts diag {at} {p.Id} mptcp ";
        SuiteFault Case(string what, CheckOutcome outcome, DiagFault fault) =>
            new($"sockopts {p.Id} at {at}, subflow: {what}", SuiteNames.Sockopts, target, outcome,
                api => api.OnDiag(c => c.Label?.StartsWith(prefix, StringComparison.Ordinal) == true, fault)) { Family = family };

        yield return Case("the MPTCP subflow shows another value", CheckOutcome.Fail, (call, real, sockets) =>
        {
            var ports = call.Label![prefix.Length..].Split('>');
            var i = sockets.FindIndex(d => d.LocalPort == int.Parse(ports[0], CultureInfo.InvariantCulture) && d.RemotePort == int.Parse(ports[1], CultureInfo.InvariantCulture));
            if (i >= 0) sockets[i] = Falsified(sockets[i], p.Subflow);
            return real;
        });
        yield return Case("no inet_diag for TCP", CheckOutcome.Unsupported, (_, _, sockets) =>
        {
            sockets.Clear();
            return SysResult.Failure(Errno.ENOENT);
        }) with { Expectation = Expectation.NotObservable };
        yield return Case("the dump lacks the subflow", CheckOutcome.Error, (_, real, sockets) =>
        {
            sockets.Clear();
            return real;
        });
        if (p.Subflow == SubflowEffect.Mark)
        {
            yield return Case("no INET_DIAG_MARK without CAP_NET_ADMIN", CheckOutcome.Unsupported, (_, real, sockets) =>
            {
                for (var i = 0; i < sockets.Count; i++) sockets[i] = sockets[i] with { Mark = null };
                return real;
            }) with { Expectation = Expectation.NeedsCapability, Capabilities = Capabilities.None };
        }
    }

    private static TcpDiag Falsified(TcpDiag d, SubflowEffect e) => e switch
    {
        SubflowEffect.Congestion => d with { Congestion = "cubic-ish" },
        SubflowEffect.Tos => d with { Tos = 0 },
        SubflowEffect.Priority => d with { ClassId = 0 },
        SubflowEffect.Mark => d with { Mark = 0 },
        SubflowEffect.SndBuf => d with { SndBuf = 4096 },
        _ => d with { RcvBuf = 4096 },
    };

    private static IEnumerable<SuiteFault> Inq(string combo)
    {
        var p = "inq." + combo;
        string reader = p + " reader", writer = p + " writer";
        SuiteFault Case(string check, string what, CheckOutcome outcome, Action<FaultInjectingSocketApi> install) =>
            new($"inq {combo}: {what}", SuiteNames.Inq, $"{p}.{check}", outcome, install);
        bool SetInq(SocketCall c) => c.Label == reader && c.Level == 6 && c.OptName == 36;

        yield return Case("tcp_inq", "TCP_INQ refused with EINVAL", CheckOutcome.Fail, api => api.On(CallKind.SetSockOpt, SetInq, RefuseIo(Errno.EINVAL)));
        yield return Case("tcp_inq", "an old kernel lacks TCP_INQ", CheckOutcome.Unsupported, api => api.On(CallKind.SetSockOpt, SetInq, RefuseIo(Errno.EOPNOTSUPP))) with
        {
            Expectation = Expectation.ExpectedUnsupported, KernelVersion = "5.0",
            AlsoUnsupported = [$"{p}.cmsg_first", $"{p}.cmsg_drained", $"{p}.bulk", $"{p}.fin", $"{p}.eof"],
        };
        yield return Case("fionread", "FIONREAD counts a byte more than was sent", CheckOutcome.Fail,
            api => api.OnIoctl(c => c.Label == reader && c.OptName == (int)Interop.Sys.SIOCINQ, (SocketCall _, IoctlCall real, out int v) =>
            {
                var r = real(out v);
                v++;
                return r;
            }));
        yield return Case("cmsg_first", "the one-byte read's TCP_CM_INQ is one too many", CheckOutcome.Fail,
            api => api.OnRecvMsg(c => c.Label == reader && c.LengthIn == 1, Inq(v => v + 1)));
        yield return Case("cmsg_drained", "the drained read's TCP_CM_INQ is 5", CheckOutcome.Fail,
            api => api.OnRecvMsg(c => c.Label == reader && c.LengthIn == 4096, Inq(_ => 5)));
        yield return Case("bulk", "a bulk read's TCP_CM_INQ is above what is left", CheckOutcome.Fail,
            api => api.OnRecvMsg(c => c.Label == reader && c.LengthIn == Agent.Inq.InqSuite.BulkRead, Inq(_ => Agent.Inq.InqSuite.BulkLength + 1)));
        foreach (var (check, label) in new[] { ("outq", writer), ("outq_bulk", writer + " bulk") })
        {
            yield return Case(check, $"{check}: SIOCOUTQNSD above SIOCOUTQ", CheckOutcome.Fail,
                api => api.OnIoctl(c => c.Label == label && c.OptName == (int)Interop.Sys.SIOCOUTQNSD, (SocketCall _, IoctlCall real, out int v) =>
                {
                    var r = real(out v);
                    v = 1 << 20;
                    return r;
                }));
        }

        foreach (var (check, occurrence) in new[] { ("fin", 1), ("eof", 2) })
        {
            yield return Case(check, $"{check}: TCP_CM_INQ 0 after the FIN", CheckOutcome.Fail, api =>
            {
                var n = 0;
                api.OnRecvMsg(c => c.Label == reader + " fin" && ++n == occurrence, Inq(_ => 0));
            });
        }

        yield return Case("write", "the first write reports a byte less", CheckOutcome.Fail, api =>
        {
            var n = 0;
            api.On(CallKind.Write, c => c.Label == writer && ++n == 1, (_, b, real) =>
            {
                var r = real(b);
                return r.Ok ? SysResult.Success(r.Value - 1) : r;
            });
        });
    }

    private static IEnumerable<SuiteFault> FallbackFaults(string combo)
    {
        var p = "fallback." + combo;
        var side = p + " mptcp side";
        SuiteFault Case(string check, string what, CheckOutcome outcome, Action<FaultInjectingSocketApi> install) =>
            new($"fallback {combo}: {what}", SuiteNames.Fallback, $"{p}.{check}", outcome, install);
        Func<SocketCall, bool> Opt(int level, int optname) => c => c.Label == side && c.Level == level && c.OptName == optname;

        yield return Case("data", "the server reads a changed byte", CheckOutcome.Fail, api =>
        {
            var n = 0;
            api.On(CallKind.Read, c => c.Label == p + " data" && ++n == 1, (_, b, real) =>
            {
                var r = real(b);
                if (r.Value > 0) b[0] ^= 0x20;
                return r;
            });
        });
        yield return Case("so_protocol", "SO_PROTOCOL reads 999", CheckOutcome.Fail,
            api => api.On(CallKind.GetSockOpt, Opt(1, 38), After((Span<byte> v, ref int _) => SetU32(v, 0, 999))));
        yield return Case("tcp_is_mptcp", "TCP_IS_MPTCP reads 1", CheckOutcome.Fail,
            api => api.On(CallKind.GetSockOpt, Opt(6, 43), After((Span<byte> v, ref int _) => SetU32(v, 0, 1))));
        yield return Case("tcp_is_mptcp", "an old kernel lacks TCP_IS_MPTCP", CheckOutcome.Unsupported,
            api => api.On(CallKind.GetSockOpt, Opt(6, 43), Refuse(Errno.ENOPROTOOPT))) with { Expectation = Expectation.ExpectedUnsupported, KernelVersion = "5.0" };
        yield return Case("mptcp_info.call", "MPTCP_INFO answers without the fallback flag", CheckOutcome.Fail,
            api => api.On(CallKind.GetSockOpt, Opt(284, 1), Accept()));
        foreach (var (check, optname) in new[] { ("mptcp_info", 1), ("mptcp_tcpinfo", 2), ("mptcp_subflow_addrs", 3), ("mptcp_full_info", 4) })
        {
            yield return Case(check + ".call", $"{check} refused with EFAULT", CheckOutcome.Fail,
                api => api.On(CallKind.GetSockOpt, Opt(284, optname), Refuse(Errno.EFAULT)));
        }

        var impossible = combo == "mptcp_client" ? "MPCapableSYNACKRX" : "MPCapableSYNRX";
        yield return Case("counters", $"{impossible} moves", CheckOutcome.Fail, api =>
        {
            var reads = 0;
            api.OnNetstat((text, _) => ++reads % 2 == 0 ? Netstat.Add(text, impossible, 1) : text);
        });
        // The netstat file is the namespace's, read by both pairings: the other one's counters cannot be seen either.
        yield return Case("counters", "no MPTcpExt counters can be read", CheckOutcome.Unsupported, api => api.OnNetstat((_, _) => null)) with
        {
            Expectation = Expectation.NotObservable,
            AlsoUnsupported = FallbackCombos.Where(c => c != combo).Select(c => $"fallback.{c}.counters").ToList(),
        };
    }

    /// <summary>Rewrites the TCP_CM_INQ value of a recvmsg that carried one.</summary>
    private static RecvMsgFault Inq(Func<int, int> change) => (SocketCall _, SysResult real, Span<byte> _, Span<byte> control, ref int length) =>
    {
        var at = 0;
        while (at + 20 <= length)
        {
            var len = (int)BinaryPrimitives.ReadUInt64LittleEndian(control[at..]);
            if (len < 16) break;
            if (BinaryPrimitives.ReadInt32LittleEndian(control[(at + 8)..]) == 6 && BinaryPrimitives.ReadInt32LittleEndian(control[(at + 12)..]) == 36)
            {
                var span = control[(at + 16)..];
                BinaryPrimitives.WriteInt32LittleEndian(span, change(BinaryPrimitives.ReadInt32LittleEndian(span)));
                break;
            }

            at += (len + 7) & ~7;
        }

        return real;
    };
}
