using MptcpMatrix.Contracts;
using MptcpMatrix.Container.Tests.Support;
using MptcpMatrix.Orchestrator.Backends;
using MptcpMatrix.Orchestrator.Backends.Container;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.TestSupport;
using MptcpMatrix.TestSupport.Runs;

namespace MptcpMatrix.Container.Tests;

/// <summary>Real cells: the real agent bundle in real containers on the host kernel, through the engine at DOCKER_HOST.</summary>
public sealed class ContainerCellTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<CellResult> RunOneAsync(CellSpec cell, string runId)
    {
        await Engine.RequireAsync();
        using var run = new TestRun();
        using var backend = new ContainerBackend(new ContainerOptions(RunId: runId));
        var results = await backend.RunAsync([cell], run.Context, Ct);
        Assert.Single(results);
        Assert.True(File.Exists(Path.Combine(run.OutDir, "logs", cell.Id, "stderr.log")), "stderr is kept in the cell's log dir");
        Assert.Contains(run.Stages, s => s.Cell == cell.Id && s.Stage == CellStage.Done);
        Assert.Empty(await Engine.ContainersOfRunAsync(runId));
        return results[0];
    }

    [Fact]
    public async Task An_ipv4_cell_passes_in_a_scratch_container_labelled_host_kernel()
    {
        var runId = Engine.NewRunId("v4");
        var result = await RunOneAsync(Cells.Make("ipv4"), runId);

        Assert.Equal(CellStatus.Pass, result.Status);
        var family = Assert.Single(result.Agent!.Families);
        Assert.Equal("ipv4", family.Family);
        Assert.Contains(family.Checks, c => c.Outcome == CheckOutcome.Pass);
        Assert.True(result.Provenance.HostKernel);
        Assert.Equal("container", result.Provenance.Backend);
        Assert.Equal("none", result.Provenance.Accel);
        Assert.False(string.IsNullOrEmpty(result.Provenance.DockerApiVersion));
        Assert.False(string.IsNullOrEmpty(result.Provenance.DockerServerVersion));
        Assert.StartsWith(AgentImageProvider.Repository + ":scratch-", result.Provenance.ContainerImage);
        Assert.Equal(File.ReadAllText("/proc/sys/kernel/osrelease").Trim(), result.Provenance.KernelRelease);
    }

    [Fact]
    public async Task An_ipv6_cell_passes_because_the_engine_enables_ipv6_in_the_container()
    {
        var result = await RunOneAsync(Cells.Make("ipv6"), Engine.NewRunId("v6"));

        Assert.Equal(CellStatus.Pass, result.Status);
        Assert.Equal("ipv6", Assert.Single(result.Agent!.Families).Family);
    }

    [Fact]
    public async Task Mptcp_disabled_by_the_cells_sysctl_is_unsupported_and_the_agent_saw_the_sysctl()
    {
        var sysctls = new Dictionary<string, string> { ["net.mptcp.enabled"] = "0" };
        var result = await RunOneAsync(Cells.Make("ipv4", "mptcp-disabled", sysctls), Engine.NewRunId("off"));

        Assert.Equal(CellStatus.Unsupported, result.Status);
        Assert.Equal("0", result.Agent!.Kernel.MptcpSysctls["net.mptcp.enabled"]);
        Assert.Equal("mptcp-disabled", result.Agent.Variant);
        Assert.Contains("enabled", result.Reason, StringComparison.Ordinal);
        // The host's own namespace keeps MPTCP on: the sysctl stayed inside the container's network namespace.
        Assert.Equal("1", File.ReadAllText("/proc/sys/net/mptcp/enabled").Trim());
    }

    [Fact]
    public async Task The_alpine_like_musl_userspace_passes_because_the_bundle_brings_its_own_libc()
    {
        var result = await RunOneAsync(Cells.Make("ipv4", userspace: "alpine"), Engine.NewRunId("musl"));

        Assert.Equal(CellStatus.Pass, result.Status);
        Assert.Contains("alpine", result.Provenance.ContainerImage, StringComparison.Ordinal);
        Assert.Contains("musl", result.Provenance.ContainerImage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_debian_userspace_built_with_debootstrap_passes()
    {
        Requires.Executable("debootstrap", DebianRootfs.InstallHint);
        var result = await RunOneAsync(Cells.Make("ipv6", userspace: "debian", timeoutSeconds: 60), Engine.NewRunId("deb"));

        Assert.Equal(CellStatus.Pass, result.Status);
        Assert.Contains("debootstrap", result.Provenance.ContainerImage, StringComparison.Ordinal);
    }
}
