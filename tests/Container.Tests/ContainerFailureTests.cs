using Docker.DotNet.Models;
using MptcpMatrix.Container.Tests.Support;
using MptcpMatrix.Orchestrator.Backends;
using MptcpMatrix.Orchestrator.Backends.Container;
using MptcpMatrix.Orchestrator.Infrastructure;
using MptcpMatrix.TestSupport.Runs;

namespace MptcpMatrix.Container.Tests;

/// <summary>Failure paths with fake agents (shell scripts in the alpine-like image) in real containers.</summary>
public sealed class ContainerFailureTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_hanging_agent_is_killed_at_the_cell_timeout_removed_and_reported_as_an_infrastructure_failure()
    {
        await Engine.RequireAsync();
        using var fake = new FakeAgent("echo 'about to hang' >&2; exec sleep 600");
        using var run = new TestRun(fake.Artifacts);
        var runId = Engine.NewRunId("hang");
        using var backend = new ContainerBackend(new ContainerOptions(RunId: runId));
        try
        {
            var e = await Assert.ThrowsAsync<InfrastructureException>(() =>
                backend.RunAsync([Cells.Make(userspace: "alpine", timeoutSeconds: 3)], run.Context, Ct));

            Assert.Contains("timed out after 3 s", e.Message, StringComparison.Ordinal);
            Assert.Contains("about to hang", e.LogExcerpt, StringComparison.Ordinal);
            Assert.Empty(await Engine.ContainersOfRunAsync(runId));
        }
        finally
        {
            await FakeImages.RemoveAsync(fake.Artifacts);
        }
    }

    [Fact]
    public async Task The_agent_runs_as_nobody_without_capabilities_or_a_way_to_gain_them()
    {
        await Engine.RequireAsync();
        // What the agent's process is, as the kernel sees it: uid/gid, effective and bounding capabilities, no_new_privs.
        using var fake = new FakeAgent("grep -E '^(Uid|Gid|CapEff|CapBnd|NoNewPrivs):' /proc/self/status >&2; exit 2");
        using var run = new TestRun(fake.Artifacts);
        using var backend = new ContainerBackend(new ContainerOptions(RunId: Engine.NewRunId("nobody")));
        try
        {
            var e = await Assert.ThrowsAsync<InfrastructureException>(() => backend.RunAsync([Cells.Make(userspace: "alpine")], run.Context, Ct));

            var status = e.LogExcerpt ?? "";
            Assert.Matches(@"Uid:\s+65534\s+65534\s+65534\s+65534", status);
            Assert.Matches(@"Gid:\s+65534\s+65534\s+65534\s+65534", status);
            Assert.Matches(@"CapEff:\s+0{16}", status);
            Assert.Matches(@"CapBnd:\s+0{16}", status);
            Assert.Matches(@"NoNewPrivs:\s+1", status);
        }
        finally
        {
            await FakeImages.RemoveAsync(fake.Artifacts);
        }
    }

    [Fact]
    public async Task An_agent_that_exits_2_without_a_report_is_an_infrastructure_failure_with_its_stderr()
    {
        await Engine.RequireAsync();
        using var fake = new FakeAgent("echo \"mptcp-agent: cannot work: $*\" >&2; exit 2");
        using var run = new TestRun(fake.Artifacts);
        var runId = Engine.NewRunId("exit2");
        using var backend = new ContainerBackend(new ContainerOptions(RunId: runId));
        try
        {
            var e = await Assert.ThrowsAsync<InfrastructureException>(() =>
                backend.RunAsync([Cells.Make("ipv6", userspace: "alpine")], run.Context, Ct));

            Assert.Equal(2, e.ExitCode);
            // The agent got the cell's family and variant, and only those (sysctls go through the engine).
            Assert.Contains("--family ipv6 --variant default --timeout", e.LogExcerpt, StringComparison.Ordinal);
            Assert.DoesNotContain("--sysctl", e.LogExcerpt, StringComparison.Ordinal);
            Assert.Empty(await Engine.ContainersOfRunAsync(runId));
        }
        finally
        {
            await FakeImages.RemoveAsync(fake.Artifacts);
        }
    }

    [Theory]
    [InlineData("net.mptcp.no_such_knob", "this kernel has no sysctl net.mptcp.no_such_knob")]
    [InlineData("kernel.panic", "the engine could not set sysctl kernel.panic")]
    public async Task A_sysctl_the_engine_cannot_set_in_the_cells_namespace_is_an_infrastructure_failure_naming_it(string key, string expected)
    {
        await Engine.RequireAsync();
        using var run = new TestRun();
        var runId = Engine.NewRunId("badsysctl");
        using var backend = new ContainerBackend(new ContainerOptions(RunId: runId));
        var e = await Assert.ThrowsAsync<InfrastructureException>(() =>
            backend.RunAsync([Cells.Make(variant: "odd", sysctls: new Dictionary<string, string> { [key] = "1" })], run.Context, Ct));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains(key, e.Message, StringComparison.Ordinal);
        Assert.Empty(await Engine.ContainersOfRunAsync(runId));
    }

    [Fact]
    public async Task The_cell_container_is_unprivileged_offline_read_only_and_limited()
    {
        await Engine.RequireAsync();
        // The fake agent reports what it sees from inside: capabilities, network interfaces, a write to /, its limits.
        using var fake = new FakeAgent(
            "grep CapEff /proc/self/status >&2; ls /sys/class/net >&2; (echo x > /probe) 2>/dev/null && echo 'rootfs writable' >&2; " +
            "cat /sys/fs/cgroup/pids.max /sys/fs/cgroup/memory.max /sys/fs/cgroup/pids/pids.max /sys/fs/cgroup/memory/memory.limit_in_bytes >&2 2>/dev/null; cat /proc/sys/net/ipv6/conf/all/disable_ipv6 >&2; exit 2");
        using var run = new TestRun(fake.Artifacts);
        using var backend = new ContainerBackend(new ContainerOptions(RunId: Engine.NewRunId("sandbox"), MemoryBytes: 128L << 20, PidsLimit: 32));
        try
        {
            var e = await Assert.ThrowsAsync<InfrastructureException>(() =>
                backend.RunAsync([Cells.Make(userspace: "alpine")], run.Context, Ct));
            var seen = e.LogExcerpt ?? "";

            Assert.Contains("CapEff:\t0000000000000000", seen, StringComparison.Ordinal);
            Assert.DoesNotContain("eth", seen, StringComparison.Ordinal);
            Assert.Contains("lo", seen.Split('\n'));
            Assert.DoesNotContain("rootfs writable", seen, StringComparison.Ordinal);
            // cgroup v2 (pids.max, memory.max) or v1 (pids/pids.max, memory/memory.limit_in_bytes): the limits are in force.
            Assert.Contains("32", seen.Split('\n'));
            Assert.Contains((128L << 20).ToString(), seen.Split('\n'));

            Assert.Equal("0", seen.Split('\n').Last().Trim());
        }
        finally
        {
            await FakeImages.RemoveAsync(fake.Artifacts);
        }
    }

    [Fact]
    public async Task Leftovers_of_a_dead_run_are_removed_but_a_live_runs_running_container_is_kept()
    {
        await Engine.RequireAsync();
        using var fake = new FakeAgent("exec sleep 600");
        using var client = Engine.Client();
        using var provider = new AgentImageProvider(client, new ContainerOptions(), fake.Artifacts, TestRun.CacheDir);
        var image = await provider.GetAsync("alpine", Ct);
        var deadRun = Engine.NewRunId("dead");
        var liveRun = Engine.NewRunId("live");
        var ids = new List<string>();
        try
        {
            async Task<string> Create(string runId, string pid, bool start)
            {
                var labels = ContainerBackend.ContainerLabelsFor(runId, "leftover");
                if (labels[ContainerLabels.OwnerPid] != pid)
                {
                    labels[ContainerLabels.OwnerPid] = pid;
                    labels.Remove(ContainerLabels.OwnerStart);
                }
                var id = (await client.Containers.CreateContainerAsync(new CreateContainerParameters
                {
                    Image = image.Tag,
                    Labels = labels,
                    HostConfig = new HostConfig { NetworkMode = "none", Init = true },
                }, Ct)).ID;
                ids.Add(id);
                if (start) await client.Containers.StartContainerAsync(id, new ContainerStartParameters(), Ct);
                return id;
            }

            var self = Environment.ProcessId.ToString();
            await Create(deadRun, "999999999", start: false); // created, never started: a killed run's leftover
            await Create(deadRun, "999999999", start: true);  // running, but its owner is gone
            await Create(liveRun, self, start: true);         // running, owner alive: another run in progress
            await Create(liveRun, self, start: false);        // created by a live run, about to start: not a leftover either

            using var backend = new ContainerBackend(new ContainerOptions(RunId: Engine.NewRunId("sweeper")));
            await backend.RemoveLeftoversAsync(Ct); // (a backend of a parallel test may sweep them first: assert on the engine's state)

            Assert.Empty(await Engine.ContainersOfRunAsync(deadRun));
            Assert.Equal(2, (await Engine.ContainersOfRunAsync(liveRun)).Count);
        }
        finally
        {
            foreach (var id in ids) await ContainerBackend.RemoveQuietlyAsync(client, id);
            await FakeImages.RemoveAsync(fake.Artifacts);
        }
    }
}
