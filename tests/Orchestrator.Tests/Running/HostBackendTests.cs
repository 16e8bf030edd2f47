using MptcpMatrix.Orchestrator.Backends;
using MptcpMatrix.Orchestrator.Backends.Host;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Config;
using MptcpMatrix.Orchestrator.Infrastructure;
using MptcpMatrix.Orchestrator.Planning;
using MptcpMatrix.Orchestrator.Running;
using MptcpMatrix.Orchestrator.Tests.Support;
using MptcpMatrix.TestSupport;

namespace MptcpMatrix.Orchestrator.Tests.Running;

/// <summary>The host backend against a fake agent process (mapping, exit codes, timeouts) and against the real agent.</summary>
public sealed class HostBackendTests : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    private static CellSpec Cell(string variant = "default", string family = "ipv4", IReadOnlyDictionary<string, string>? sysctls = null) =>
        new(CellPlanner.CellId("host", "host", family, variant, null, null), "host", KernelSource.Host, family, "host", variant,
            sysctls ?? new Dictionary<string, string>(), null, 1, 60, 1, null);

    private RunContext Context(AgentArtifacts agent) => new(dir.Path, agent, Path.Combine(dir.Path, "cache"), (_, _) => { });

    private async Task<CellResult> RunOne(FakeAgent fake, CellSpec cell) =>
        Assert.Single(await new HostBackend(fake.Artifacts).RunAsync([cell], Context(fake.Artifacts), CancellationToken.None));

    [Fact]
    public async Task A_passing_report_becomes_a_pass_with_host_provenance()
    {
        using var fake = new FakeAgent("pass");
        var result = await RunOne(fake, Cell());
        Assert.Equal(CellStatus.Pass, result.Status);
        Assert.Null(result.Reason);
        Assert.True(result.Provenance.HostKernel);
        Assert.Equal(("host", "none", "host", "0.1.0"), (result.Provenance.Backend, result.Provenance.Accel, result.Provenance.KernelSource, result.Provenance.AgentVersion));
        Assert.Equal("6.1.0-47-cloud-amd64", result.Provenance.KernelRelease); // what the agent saw
        Assert.Equal("ipv4", result.Agent!.Families[0].Family);
        Assert.Contains("summary: pass", File.ReadAllText(Path.Combine(dir.Path, "logs", result.Cell.Id, "agent.stderr.log")));
    }

    [Fact]
    public async Task The_agent_gets_a_new_namespace_the_family_the_variant_and_only_the_cells_sysctls()
    {
        using var fake = new FakeAgent("unsupported");
        var result = await RunOne(fake, Cell("off", "ipv6", new Dictionary<string, string> { ["net.mptcp.enabled"] = "0" }));
        Assert.Equal(CellStatus.Unsupported, result.Status);
        Assert.Contains("net.mptcp.enabled=0", result.Reason);
        var argv = Assert.Single(fake.Invocations);
        Assert.StartsWith("--family ipv6 --variant off --new-netns --timeout 45 --output ", argv);
        Assert.EndsWith(" --sysctl net.mptcp.enabled=0 --suite selftest --suite sockopts --suite inq --suite fallback", argv);
    }

    [Fact]
    public async Task A_failing_report_becomes_a_fail_naming_the_failed_checks()
    {
        using var fake = new FakeAgent("fail");
        var result = await RunOne(fake, Cell());
        Assert.Equal(CellStatus.Fail, result.Status);
        Assert.Equal("2 check(s) failed: ipv4:client.initial.tcpinfo.size_user, ipv4:server.ip_tos.roundtrip", result.Reason);
    }

    [Fact]
    public async Task An_error_report_becomes_an_infra_error_result()
    {
        using var fake = new FakeAgent("error");
        var result = await RunOne(fake, Cell());
        Assert.Equal(CellStatus.InfraError, result.Status);
        Assert.Contains("timed out after 15 s", result.Reason);
    }

    [Fact]
    public async Task Exit_2_without_a_report_is_an_infrastructure_exception_with_the_stderr_excerpt()
    {
        using var fake = new FakeAgent("crash");
        var e = await Assert.ThrowsAsync<InfrastructureException>(() => RunOne(fake, Cell()));
        Assert.Equal(2, e.ExitCode);
        Assert.Equal("host-host-ipv4-default", e.CellId);
        Assert.Contains("without a report", e.Message);
        Assert.Contains("unshare(CLONE_NEWNET): Operation not permitted", e.LogExcerpt);
    }

    [Fact]
    public async Task An_exit_code_that_contradicts_the_report_is_an_infrastructure_exception()
    {
        using var fake = new FakeAgent("liar");
        var e = await Assert.ThrowsAsync<InfrastructureException>(() => RunOne(fake, Cell()));
        Assert.Contains("exit code 1 contradicts its verdict 'pass'", e.Message);
    }

    [Fact]
    public async Task A_sysctl_the_agents_report_does_not_show_is_an_infrastructure_exception_naming_key_expected_and_observed()
    {
        using var fake = new FakeAgent("deaf"); // reports net.mptcp.enabled=1 whatever --sysctl asked for
        var e = await Assert.ThrowsAsync<InfrastructureException>(() => RunOne(fake, Cell("off", sysctls: new Dictionary<string, string> { ["net.mptcp.enabled"] = "0" })));
        Assert.Equal("sysctl net.mptcp.enabled: expected net.mptcp.enabled=0, observed net.mptcp.enabled=1 in the cell's network namespace (the sysctl was not applied)", e.Message);
        Assert.Equal("host-host-ipv4-off", e.CellId);
    }

    [Fact]
    public async Task A_missing_agent_binary_is_an_infrastructure_exception_naming_it()
    {
        var agent = new AgentArtifacts(Path.Combine(dir.Path, "nope", "mptcp-agent"), dir.Path);
        var e = await Assert.ThrowsAsync<InfrastructureException>(() => new HostBackend(agent).RunAsync([Cell()], Context(agent), CancellationToken.None));
        Assert.Contains("nope/mptcp-agent", e.Message);
    }

    [Fact]
    public async Task Cancellation_kills_a_hanging_agent()
    {
        using var fake = new FakeAgent("hang");
        using var cts = new CancellationTokenSource();
        var run = new HostBackend(fake.Artifacts).RunAsync([Cell()], Context(fake.Artifacts), cts.Token);
        await Wait.Until(() => fake.HangingPids.Count == 1, TimeSpan.FromSeconds(30), "the fake agent to start");
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        await Wait.Until(() => !Wait.Alive(fake.HangingPids[0]), TimeSpan.FromSeconds(30), "the fake agent to be killed");
    }

    [Fact]
    public async Task The_runner_turns_a_hanging_agent_into_a_timed_out_infra_error_and_kills_it()
    {
        Requires.Root();
        using var fake = new FakeAgent("hang");
        var cell = Cell() with { TimeoutSeconds = 2, Retries = 0 };
        var outDir = Path.Combine(dir.Path, "out");
        await new MatrixRunner(_ => new HostBackend(fake.Artifacts), new PlainProgress(TextWriter.Null, false))
            .RunAsync(new RunRequest("/tmp/m.yml", [cell], outDir, false, 1, fake.Artifacts, dir.Path, new VmSettings()), CancellationToken.None);
        var result = ResultStore.ReadCell(ResultStore.CellPath(outDir, cell.Id));
        Assert.Equal(CellStatus.InfraError, result.Status);
        Assert.Contains("timed out after 2 s", result.Reason);
        await Wait.Until(() => !Wait.Alive(fake.HangingPids[0]), TimeSpan.FromSeconds(30), "the fake agent to be killed");
    }

    [Fact]
    public async Task The_probe_requires_root_or_the_capabilities_and_an_agent()
    {
        using var fake = new FakeAgent();
        var probe = await new HostBackend(fake.Artifacts).ProbeAsync(CancellationToken.None);
        if (HostFacts.IsPrivileged())
        {
            Assert.True(probe.Available, probe.Detail);
            var missing = await new HostBackend(new AgentArtifacts("/nonexistent/mptcp-agent", "/nonexistent")).ProbeAsync(CancellationToken.None);
            Assert.False(missing.Available);
            Assert.Equal("scripts/build-agent.sh", missing.Fix);
        }
        else
        {
            Assert.False(probe.Available);
            Assert.Contains("CAP_NET_ADMIN", probe.Detail);
            Assert.Contains("sudo", probe.Fix);
        }
    }

    [Fact]
    public async Task The_real_agent_passes_on_the_host_kernel_and_reports_unsupported_with_mptcp_disabled()
    {
        Requires.Capability(File.Exists(RepoPaths.AgentBinary), $"the built agent ({RepoPaths.AgentBinary})", "run scripts/build-agent.sh");
        Requires.Root();
        Requires.HostMptcp();
        var agent = AgentArtifacts.Locate(RepoPaths.AgentDir);
        var hostSetting = File.ReadAllText("/proc/sys/net/mptcp/enabled");
        var backend = new HostBackend(agent);
        Assert.True((await backend.ProbeAsync(CancellationToken.None)).Available);
        var results = await backend.RunAsync(
            [Cell(), Cell("mptcp-disabled", "ipv6", new Dictionary<string, string> { ["net.mptcp.enabled"] = "0" })], Context(agent), CancellationToken.None);
        Assert.Equal(CellStatus.Pass, results[0].Status);
        Assert.True(results[0].Agent!.Families.Single().Checks.Count > 10);
        Assert.Equal(HostFacts.KernelRelease(), results[0].Provenance.KernelRelease);
        Assert.Equal(CellStatus.Unsupported, results[1].Status);
        Assert.Equal("0", results[1].Agent!.Kernel.MptcpSysctls["net.mptcp.enabled"]);
        Assert.Equal(hostSetting, File.ReadAllText("/proc/sys/net/mptcp/enabled")); // only the cell's namespace was changed
    }
}
