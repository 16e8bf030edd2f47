using MptcpMatrix.Contracts;
using MptcpMatrix.Orchestrator.Cells;

namespace MptcpMatrix.Orchestrator.Tests.Support;

/// <summary>Canned agent reports and cell results with fixed timestamps, for mapping and snapshot tests.</summary>
public static class Reports
{
    public static readonly DateTimeOffset T0 = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public static AgentReport Agent(CheckOutcome verdict, string family = "ipv4", string variant = "default", string release = "6.1.0-47-cloud-amd64")
    {
        IReadOnlyList<CheckResult> checks = verdict switch
        {
            CheckOutcome.Pass => [new("setup.connect", CheckOutcome.Pass, DurationMs: 1.5), new("client.initial.tcpinfo.size_user", CheckOutcome.Pass, "8", "8", DurationMs: 0.5),
                new("client.full_info.size", CheckOutcome.Unsupported, Errno: "EOPNOTSUPP", Reason: "MPTCP_FULL_INFO needs Linux 6.5")],
            CheckOutcome.Fail => [new("setup.connect", CheckOutcome.Pass, DurationMs: 1.5), new("client.initial.tcpinfo.size_user", CheckOutcome.Fail, "8", "0", "EINVAL", DurationMs: 0.5),
                new("server.ip_tos.roundtrip", CheckOutcome.Fail, "0x28", "0x00", DurationMs: 0.25)],
            CheckOutcome.Unsupported => [new("setup.socket", CheckOutcome.Unsupported, Errno: "ENOPROTOOPT", Reason: "MPTCP is disabled in this network namespace (net.mptcp.enabled=0)")],
            _ => [new("setup.connect", CheckOutcome.Error, Reason: "timed out after 15 s")],
        };
        var family1 = new FamilyRun(family, verdict, checks, 12.5, verdict == CheckOutcome.Unsupported ? "MPTCP is disabled in this network namespace (net.mptcp.enabled=0)" : null);
        return new AgentReport(AgentReport.CurrentSchemaVersion, "0.1.0", new KernelInfo(release, "#1 SMP Debian", "x86_64", new Dictionary<string, string> { ["net.mptcp.enabled"] = verdict == CheckOutcome.Unsupported ? "0" : "1" }),
            42, null, variant, new Dictionary<string, string>(), T0, 12.5, verdict, [family1]);
    }

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

    /// <summary>Five cells covering every report path: pass, fail, unsupported, infra error, skipped.</summary>
    public static IReadOnlyList<CellResult> Sample()
    {
        var disabled = new Dictionary<string, string> { ["net.mptcp.enabled"] = "0" };
        return
        [
            Cell(Spec("bookworm", "ipv4", "vm", "default"), CellStatus.Pass, Agent(CheckOutcome.Pass)),
            Cell(Spec("bookworm", "ipv6", "vm", "default"), CellStatus.Fail, Agent(CheckOutcome.Fail, "ipv6"), "2 check(s) failed", 1),
            Cell(Spec("bookworm", "ipv4", "vm", "mptcp-disabled", sysctls: disabled), CellStatus.Unsupported, Agent(CheckOutcome.Unsupported, variant: "mptcp-disabled"),
                "MPTCP is disabled in this network namespace (net.mptcp.enabled=0)", 2),
            Cell(Spec("trixie", "ipv4", "vm", "default"), CellStatus.InfraError, null, "kernel panic: Kernel panic - not syncing: VFS: Unable to mount root fs", 3),
            Cell(Spec("host", "ipv4", "container", "default", KernelSource.Host), CellStatus.Skipped, null,
                "container backend unavailable: no Docker engine (fix: apt-get install docker.io)", 4),
        ];
    }
}
