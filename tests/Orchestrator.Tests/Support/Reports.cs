using MptcpMatrix.Contracts;
using MptcpMatrix.Orchestrator.Cells;

namespace MptcpMatrix.Orchestrator.Tests.Support;

/// <summary>Canned agent reports and cell results with fixed timestamps, for mapping and snapshot tests.</summary>
internal static class Reports
{
    public static readonly DateTimeOffset T0 = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    /// <summary>The feature the FULL_INFO checks test, as the agent names it, and its upstream commit (docs/expectations.md).</summary>
    public const string FullInfo = "mptcp_full_info";

    public const string FullInfoCommit = "492432074e4f";

    /// <summary>An expected-unsupported FULL_INFO check, as the agent reports it on a kernel before 6.5.</summary>
    public static CheckResult ExpectedUnsupported(string id) =>
        new(id, CheckOutcome.Unsupported, Errno: "EOPNOTSUPP", Reason: "MPTCP_FULL_INFO is not known to this kernel", Feature: FullInfo, Since: "6.5",
            Commit: FullInfoCommit, Expectation: Expectation.ExpectedUnsupported);

    /// <summary>A canned report: pass (two passes and an expected-unsupported FULL_INFO check), fail (two plain fails),
    /// unsupported (MPTCP off), or error.</summary>
    public static AgentReport Agent(CheckOutcome verdict, string family = "ipv4", string variant = "default", string release = "6.1.0-47-cloud-amd64",
        string? upstream = "6.1.153")
    {
        IReadOnlyList<CheckResult> checks = verdict switch
        {
            CheckOutcome.Pass => [new("setup.connect", CheckOutcome.Pass, DurationMs: 1.5), new("client.initial.tcpinfo.size_user", CheckOutcome.Pass, "8", "8", DurationMs: 0.5),
                ExpectedUnsupported("client.initial.full_info.call")],
            CheckOutcome.Fail => [new("setup.connect", CheckOutcome.Pass, DurationMs: 1.5), new("client.initial.tcpinfo.size_user", CheckOutcome.Fail, "8", "0", "EINVAL", DurationMs: 0.5),
                new("server.ip_tos.roundtrip", CheckOutcome.Fail, "0x28", "0x00", DurationMs: 0.25)],
            CheckOutcome.Unsupported => [new("setup.socket", CheckOutcome.Unsupported, Errno: "ENOPROTOOPT", Reason: "MPTCP is disabled in this network namespace (net.mptcp.enabled=0)",
                Expectation: Expectation.MptcpOff)],
            _ => [new("setup.connect", CheckOutcome.Error, Reason: "timed out after 15 s")],
        };
        return Agent(verdict, checks, family, variant, release, upstream);
    }

    public static AgentReport Agent(CheckOutcome verdict, IReadOnlyList<CheckResult> checks, string family = "ipv4", string variant = "default",
        string release = "6.1.0-47-cloud-amd64", string? upstream = "6.1.153")
    {
        var family1 = new FamilyRun(family, verdict, checks, 12.5, verdict == CheckOutcome.Unsupported ? "MPTCP is disabled in this network namespace (net.mptcp.enabled=0)" : null);
        return new AgentReport(AgentReport.CurrentSchemaVersion, "0.1.0",
            new KernelInfo(release, "#1 SMP Debian", "x86_64", new Dictionary<string, string> { ["net.mptcp.enabled"] = verdict == CheckOutcome.Unsupported ? "0" : "1" },
                upstream, upstream is null ? null : "uname -v (Debian package version)"),
            42, null, variant, new Dictionary<string, string>(), T0, 12.5, verdict, [family1]);
    }

    /// <summary>The cell with one check replaced (e.g. to make a baseline in which it had another outcome).</summary>
    public static CellResult WithCheck(CellResult cell, string checkId, Func<CheckResult, CheckResult> change) =>
        cell with
        {
            Agent = cell.Agent! with
            {
                Families = cell.Agent.Families.Select(f => f with { Checks = f.Checks.Select(c => c.Id == checkId ? change(c) : c).ToList() }).ToList(),
            },
        };

    public static CellSpec Spec(string kernel, string family, string backend, string variant, KernelSource? source = null, IReadOnlyDictionary<string, string>? sysctls = null) =>
        new(MptcpMatrix.Orchestrator.Planning.CellPlanner.CellId(backend, kernel, family, variant, null, null), kernel, source ?? new KernelSource("debian", Suite: kernel, Flavour: "cloud"),
            family, backend, variant, sysctls ?? new Dictionary<string, string>(), null, 1, 180, 1, backend == "vm" ? "auto" : null);

    public static CellResult Cell(CellSpec spec, CellStatus status, AgentReport? agent, string? reason = null, int minutes = 0) =>
        new(CellResult.CurrentSchemaVersion, spec, status, reason, agent,
            new Provenance
            {
                Backend = spec.Backend,
                HostKernel = spec.KernelSource.IsHost,
                KernelRelease = agent?.Kernel.Release,
                KernelSource = spec.KernelSource.ToString(),
                Accel = spec.Backend == "vm" ? "kvm" : "none",
                AgentVersion = agent?.AgentVersion,
                Sysctls = spec.Sysctls,
            },
            T0.AddMinutes(minutes), T0.AddMinutes(minutes).AddSeconds(7.25), 0, ["logs/" + spec.Id]);

    /// <summary>
    /// Seven cells covering every report path: a pass with an expected-unsupported FULL_INFO (since 6.5, commit), an
    /// earlier-than-upstream pass (a hypothetical backport of the 6.5 counters) and an unexplained unsupported check; plain fails; MPTCP off; an infra error; a skipped cell; a
    /// fail with a regression and a fell-back check (sid); a pass on a kernel of unknown version with an unknown-version unsupported.
    /// </summary>
    /// <summary>A probe the agent lacked CAP_NET_ADMIN for, as the agent says it (expectation needs_capability).</summary>
    public static CheckResult NeedsCapability(string id) =>
        new(id, CheckOutcome.Unsupported, "needs CAP_NET_ADMIN", "rejected EPERM: setsockopt(SO_MARK, 1)", "EPERM",
            "needs CAP_NET_ADMIN in the network namespace's user namespace, which this agent lacks (SO_MARK is CAP_NET_ADMIN's)", Feature: "so_mark",
            Expectation: Expectation.NeedsCapability);

    /// <summary>A subflow check in a boot without inet_diag for TCP sockets, as the agent says it (expectation not_observable).</summary>
    public static CheckResult NotObservable(string id) =>
        new(id, CheckOutcome.Unsupported, "needs inet_diag of TCP sockets (tcp_diag) to look", "not observable here", "ENOENT",
            "inet_diag cannot show TCP sockets here (sock_diag: ENOENT): CONFIG_INET_TCP_DIAG is off or its module (tcp_diag) is not loaded, so the subflow's congestion control cannot be observed",
            Feature: "tcp_congestion", Since: "5.13", Expectation: Expectation.NotObservable);

    public static IReadOnlyList<CellResult> Sample()
    {
        var disabled = new Dictionary<string, string> { ["net.mptcp.enabled"] = "0" };
        IReadOnlyList<CheckResult> bookworm =
        [
            new("setup.connect", CheckOutcome.Pass, DurationMs: 1.5),
            new("client.initial.tcpinfo.size_user", CheckOutcome.Pass, "8", "8", DurationMs: 0.5),
            ExpectedUnsupported("client.initial.full_info.call"),
            ExpectedUnsupported("client.initial.full_info.header"),
            new("client.initial.mptcp_info.counters.bytes_sent", CheckOutcome.Pass, "1024", "1024", Feature: "mptcp_info_counters", Since: "6.5", Commit: "38967f424b5b",
                Expectation: Expectation.EarlierThanUpstream),
            new("server.initial.subflow_addrs.call", CheckOutcome.Unsupported, Errno: "ENOPROTOOPT", Reason: "getsockopt(MPTCP_SUBFLOW_ADDRS) failed with ENOPROTOOPT"),
            NeedsCapability("sockopts.so_mark.subflow"),
            NotObservable("sockopts.tcp_congestion.connected.subflow"),
        ];
        IReadOnlyList<CheckResult> sid =
        [
            new("setup.connect", CheckOutcome.Pass, DurationMs: 1.5),
            new("client.initial.tcpinfo.size_user", CheckOutcome.Pass, "8", "8", DurationMs: 0.5),
            new("client.initial.full_info.call", CheckOutcome.Fail, "0", "-1", "EOPNOTSUPP", Feature: FullInfo, Since: "6.5", Commit: FullInfoCommit, Expectation: Expectation.Regression),
            new("client.final.mptcp_info.call", CheckOutcome.Fail, "MPTCP connection", "plain TCP", Reason: "the connection fell back to TCP (TCP_IS_MPTCP 0), so MPTCP_INFO cannot work on it",
                Expectation: Expectation.FellBack),
        ];
        IReadOnlyList<CheckResult> custom =
        [
            new("setup.connect", CheckOutcome.Pass, DurationMs: 1.5),
            new("client.initial.full_info.call", CheckOutcome.Unsupported, Errno: "EOPNOTSUPP", Feature: FullInfo, Since: "6.5", Commit: FullInfoCommit, Expectation: Expectation.UnknownVersion),
        ];
        return
        [
            Cell(Spec("bookworm", "ipv4", "vm", "default"), CellStatus.Pass, Agent(CheckOutcome.Pass, bookworm)),
            Cell(Spec("bookworm", "ipv6", "vm", "default"), CellStatus.Fail, Agent(CheckOutcome.Fail, "ipv6"), "2 check(s) failed", 1),
            Cell(Spec("bookworm", "ipv4", "vm", "mptcp-disabled", sysctls: disabled), CellStatus.Unsupported, Agent(CheckOutcome.Unsupported, variant: "mptcp-disabled"),
                "MPTCP is disabled in this network namespace (net.mptcp.enabled=0)", 2),
            Cell(Spec("trixie", "ipv4", "vm", "default"), CellStatus.InfraError, null, "kernel panic: Kernel panic - not syncing: VFS: Unable to mount root fs", 3),
            Cell(Spec("host", "ipv4", "container", "default", KernelSource.Host), CellStatus.Skipped, null,
                "container backend unavailable: no Docker engine (fix: apt-get install docker.io)", 4),
            Cell(Spec("sid", "ipv4", "vm", "default"), CellStatus.Fail, Agent(CheckOutcome.Fail, sid, release: "6.16.3+deb14-cloud-amd64", upstream: "6.16.3"), "2 check(s) failed", 5),
            Cell(Spec("custom", "ipv4", "vm", "default", new KernelSource("path", Path: "/boot/vmlinuz-custom")), CellStatus.Pass,
                Agent(CheckOutcome.Pass, custom, release: "6.9.0-custom", upstream: null), minutes: 6),
        ];
    }

    /// <summary>
    /// A baseline for <see cref="Sample"/> in which every change class occurs: bookworm ipv4's tcpinfo.size_user failed (fixed),
    /// full_info.header passed (support_lost), the byte counter was expected unsupported (support_gained) and subflow_addrs passed
    /// (regression: unexplained unsupported now); bookworm ipv6 failed the same way (still_failing); sid's FULL_INFO and MPTCP_INFO
    /// passed (regression); the custom kernel was not tested (newly_tested); bullseye was, and is no longer (no_longer_tested).
    /// </summary>
    public static IReadOnlyList<CellResult> SampleBaseline()
    {
        var cells = Sample().ToDictionary(c => c.Cell.Id);
        var bookworm = cells["vm-bookworm-ipv4-default"];
        bookworm = WithCheck(bookworm, "client.initial.tcpinfo.size_user", c => c with { Outcome = CheckOutcome.Fail, Observed = "0" });
        bookworm = WithCheck(bookworm, "client.initial.full_info.header", c => new CheckResult(c.Id, CheckOutcome.Pass));
        bookworm = WithCheck(bookworm, "client.initial.mptcp_info.counters.bytes_sent", c => c with { Outcome = CheckOutcome.Unsupported, Expectation = Expectation.ExpectedUnsupported });
        bookworm = WithCheck(bookworm, "server.initial.subflow_addrs.call", c => new CheckResult(c.Id, CheckOutcome.Pass));
        var sid = cells["vm-sid-ipv4-default"];
        sid = WithCheck(sid, "client.initial.full_info.call", c => new CheckResult(c.Id, CheckOutcome.Pass));
        sid = WithCheck(sid, "client.final.mptcp_info.call", c => new CheckResult(c.Id, CheckOutcome.Pass));
        var bullseye = Cell(Spec("bullseye", "ipv4", "vm", "default"), CellStatus.Pass, Agent(CheckOutcome.Pass, release: "5.10.0-32-cloud-amd64", upstream: "5.10.226"));
        return
        [
            bookworm, cells["vm-bookworm-ipv6-default"], cells["vm-bookworm-ipv4-mptcp-disabled"], cells["vm-trixie-ipv4-default"], cells["container-host-ipv4-default"],
            sid, bullseye,
        ];
    }
}
