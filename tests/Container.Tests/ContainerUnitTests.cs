using System.Formats.Tar;
using MptcpMatrix.Contracts;
using MptcpMatrix.Container.Tests.Support;
using MptcpMatrix.Orchestrator.Backends;
using MptcpMatrix.Orchestrator.Backends.Container;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Infrastructure;
using MptcpMatrix.TestSupport;
using MptcpMatrix.TestSupport.Runs;

namespace MptcpMatrix.Container.Tests;

/// <summary>Parts of the container backend that need no engine.</summary>
public sealed class ContainerUnitTests
{
    private static readonly KernelInfo Kernel = new("6.1.0", "#1", "x86_64", new Dictionary<string, string> { ["net.mptcp.enabled"] = "1" });

    private static string Report(CheckOutcome verdict, IReadOnlyList<FamilyRun> families, IReadOnlyDictionary<string, string>? mptcpSysctls = null) =>
        System.Text.Json.JsonSerializer.Serialize(new AgentReport(1, "0.1.0", Kernel with { MptcpSysctls = mptcpSysctls ?? Kernel.MptcpSysctls }, 1, null,
            "default", new Dictionary<string, string>(), DateTimeOffset.UnixEpoch, 1, verdict, families), ContractJson.Default.AgentReport);

    [Fact]
    public void A_failing_check_makes_the_cell_fail_and_the_reason_names_it()
    {
        var families = new[] { new FamilyRun("ipv4", CheckOutcome.Fail, [new CheckResult("client.tcpinfo.size", CheckOutcome.Fail, "8", "4")], 1) };
        var outcome = AgentOutputMapper.Map(Cells.Make(), new ContainerOutput(1, Report(CheckOutcome.Fail, families), ""));

        Assert.Equal(CellStatus.Fail, outcome.Status);
        Assert.Contains("ipv4:client.tcpinfo.size", outcome.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(CheckOutcome.Pass, CellStatus.Pass)]
    [InlineData(CheckOutcome.Fail, CellStatus.Fail)]
    [InlineData(CheckOutcome.Unsupported, CellStatus.Unsupported)]
    [InlineData(CheckOutcome.Error, CellStatus.InfraError)]
    public void The_report_maps_to_the_cell_status_of_its_checks(CheckOutcome outcome, CellStatus expected)
    {
        var families = new[] { new FamilyRun("ipv4", outcome, [new CheckResult("setup.connect", outcome)], 1, outcome == CheckOutcome.Pass ? null : "why") };
        Assert.Equal(expected, AgentOutputMapper.Map(Cells.Make(), new ContainerOutput(0, Report(outcome, families), "")).Status);
    }

    [Fact]
    public void A_report_whose_verdict_says_pass_next_to_a_failed_check_is_a_failing_cell()
    {
        var families = new[] { new FamilyRun("ipv4", CheckOutcome.Pass, [new CheckResult("setup.connect", CheckOutcome.Pass), new CheckResult("echo.payload", CheckOutcome.Fail, "abc", "abd")], 1) };

        var outcome = AgentOutputMapper.Map(Cells.Make(), new ContainerOutput(0, Report(CheckOutcome.Pass, families), ""));

        Assert.Equal(CellStatus.Fail, outcome.Status);
        Assert.Equal("1 check(s) failed: ipv4:echo.payload (the agent's verdict said pass, its checks do not)", outcome.Reason);
    }

    [Fact]
    public void An_agent_exit_without_a_report_is_an_infrastructure_error_carrying_the_exit_code_and_stderr()
    {
        var e = Assert.Throws<InfrastructureException>(() => AgentOutputMapper.Map(Cells.Make(), new ContainerOutput(2, "", "bad flag --bogus\n")));

        Assert.Equal(2, e.ExitCode);
        Assert.Equal("container-host-ipv4-default", e.CellId);
        Assert.Contains("bad flag", e.LogExcerpt, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sysctl_the_agent_did_not_see_is_an_infrastructure_error_not_a_verdict()
    {
        var cell = Cells.Make(sysctls: new Dictionary<string, string> { ["net.mptcp.enabled"] = "0" });
        var e = Assert.Throws<InfrastructureException>(() =>
            AgentOutputMapper.Map(cell, new ContainerOutput(0, Report(CheckOutcome.Pass, []), "")));

        Assert.Contains("net.mptcp.enabled=0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tars_are_reproducible_and_reject_a_path_used_twice()
    {
        static (byte[], string) Build()
        {
            using var tar = new TarBuilder();
            tar.AddFile("opt/a/b.txt", "x"u8.ToArray()).AddSymlink("opt/a/c", "b.txt");
            return tar.Complete();
        }

        var (first, firstSha) = Build();
        Thread.Sleep(1100); // a format that records access or change times would differ now
        var (second, secondSha) = Build();
        Assert.Equal(firstSha, secondSha);
        Assert.Equal(first, second);
        using var reader = new TarReader(new MemoryStream(first));
        var names = new List<string>();
        while (reader.GetNextEntry() is { } entry) names.Add(entry.Name);
        Assert.Equal(["opt/", "opt/a/", "opt/a/b.txt", "opt/a/c"], names);

        using var twice = new TarBuilder();
        twice.AddSymlink("bin", "usr/bin");
        Assert.Throws<InvalidOperationException>(() => twice.AddFile("bin/sh", [1]));
    }

    [Fact]
    public async Task A_missing_engine_socket_makes_the_probe_unavailable_with_how_to_start_it()
    {
        using var backend = new ContainerBackend(new ContainerOptions(Endpoint: "unix:///nonexistent/mm-docker.sock"));
        var probe = await backend.ProbeAsync(TestContext.Current.CancellationToken);

        Assert.False(probe.Available);
        Assert.Contains("/nonexistent/mm-docker.sock", probe.Detail, StringComparison.Ordinal);
        Assert.Contains("dockerd", probe.Fix, StringComparison.Ordinal);
        Assert.StartsWith("sudo scripts/setup.sh", probe.Fix, StringComparison.Ordinal); // the project's setup script is the first suggestion
        Assert.DoesNotContain(probe.Fix!, probe.Detail, StringComparison.Ordinal); // said once, in the Fix field
        Assert.EndsWith("does not exist.", probe.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void An_engine_that_refuses_the_user_carries_how_to_get_access_as_its_fix_and_is_not_retried()
    {
        var e = EngineUnreachableException.Refused("Docker engine at unix:///var/run/docker.sock refuses user nobody: permission denied", "nobody",
            new IOException("Permission denied"));

        Assert.Equal((DockerEndpoint.AccessHint("nobody"), false), (e.Fix, e.Retryable));
        Assert.DoesNotContain(e.Fix, e.Detail, StringComparison.Ordinal);
        Assert.Equal(e.Detail + ". Get access: " + e.Fix, e.Message);
    }

    [Fact]
    public async Task A_cell_on_a_missing_engine_is_an_infrastructure_exception_naming_the_cell_and_the_fix()
    {
        using var run = new TestRun();
        using var backend = new ContainerBackend(new ContainerOptions(Endpoint: "unix:///nonexistent/mm-docker.sock"));
        var e = await Assert.ThrowsAsync<InfrastructureException>(() =>
            backend.RunAsync([Cells.Make()], run.Context, TestContext.Current.CancellationToken));

        Assert.Equal("container-host-ipv4-default", e.CellId);
        Assert.Contains("Docker engine not reachable", e.Message, StringComparison.Ordinal);
        Assert.Contains("dockerd --bridge=none", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("unix:///run/x.sock", "unix")]
    [InlineData("tcp://127.0.0.1:2375", "tcp")]
    public void An_explicit_endpoint_wins(string endpoint, string scheme) => Assert.Equal(scheme, DockerEndpoint.Resolve(endpoint).Scheme);

    [Fact]
    public void A_bad_endpoint_is_rejected_with_the_valid_forms()
    {
        var e = Assert.Throws<ArgumentException>(() => DockerEndpoint.Resolve("ftp://x"));
        Assert.Contains("unix:///", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_containers_whose_owner_process_is_alive_survive_the_sweep()
    {
        var self = ContainerBackend.ContainerLabelsFor("run", "cell");
        var dead = new Dictionary<string, string>(self) { [ContainerLabels.OwnerPid] = "999999999" };
        var reused = new Dictionary<string, string>(self) { [ContainerLabels.OwnerStart] = "1" };
        var elsewhere = new Dictionary<string, string>(dead) { [ContainerLabels.Host] = "another-machine" };

        Assert.True(LeftoverSweeper.IsOwnedByLiveProcess(self));
        Assert.False(LeftoverSweeper.IsOwnedByLiveProcess(dead));
        Assert.False(LeftoverSweeper.IsOwnedByLiveProcess(reused)); // same pid, other start time: the pid was reused
        Assert.True(LeftoverSweeper.IsOwnedByLiveProcess(elsewhere));
        Assert.False(LeftoverSweeper.IsOwnedByLiveProcess(new Dictionary<string, string>()));
    }

    [Theory]
    [InlineData("scratch", "agent")]
    [InlineData("debian", "debian")]
    [InlineData("alpine", "alpine")]
    public void The_embedded_dockerfiles_are_the_ones_in_images(string userspace, string dir)
    {
        var onDisk = File.ReadAllText(Path.Combine(RepoPaths.Root, "images", dir, "Dockerfile"));
        var embedded = AgentImageProvider.Dockerfile(userspace);

        Assert.Equal(onDisk, embedded);
        Assert.Contains("COPY opt /opt", embedded, StringComparison.Ordinal);
        Assert.Contains(AgentArtifacts.BundleLoaderPath, embedded, StringComparison.Ordinal);
    }
}
