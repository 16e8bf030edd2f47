using System.Text.Json;
using CliWrap;
using CliWrap.Buffered;
using MptcpMatrix.Container.Tests.Support;
using MptcpMatrix.Orchestrator.Backends;
using MptcpMatrix.Orchestrator.Backends.Container;
using MptcpMatrix.TestSupport;

namespace MptcpMatrix.Container.Tests;

/// <summary>The engine going away mid-run, a missing engine in a mixed matrix, and Ctrl-C of <c>matrix run</c>.</summary>
public sealed class EngineLifecycleTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Matrix => Path.Combine(AppContext.BaseDirectory, "matrix");

    [Fact]
    public async Task The_engine_stopped_mid_run_is_an_infrastructure_failure_saying_so_and_how_to_start_it()
    {
        Engine.RequireBundle();
        await using var dockerd = await PrivateDockerd.StartAsync();
        using var fake = new FakeAgent("exec sleep 600");
        using var run = new TestRun(fake.Artifacts);
        var runId = Engine.NewRunId("enginestop");
        using var backend = new ContainerBackend(new ContainerOptions(Endpoint: dockerd.Endpoint, RunId: runId));

        var e = await StopTheEngineWhileTheCellRunsAsync(backend, Cells.Make(userspace: "alpine", timeoutSeconds: 120), run, dockerd, runId);

        Assert.Contains($"Docker engine at {dockerd.Endpoint}", e.Message, StringComparison.Ordinal);
        Assert.Contains("stopped", e.Message, StringComparison.Ordinal);
        Assert.Contains("dockerd", e.Message, StringComparison.Ordinal);
        Assert.Equal("container-host-ipv4-default-alpine", e.CellId);
    }

    [Fact]
    public async Task After_the_engine_stopped_cells_that_never_started_are_skipped_and_what_it_left_is_removed_once_it_is_back()
    {
        Engine.RequireBundle();
        await using var dockerd = await PrivateDockerd.StartAsync();
        using var fake = new FakeAgent("exec sleep 600");
        using var run = new TestRun(fake.Artifacts);
        var runId = Engine.NewRunId("enginegone");
        using var backend = new ContainerBackend(new ContainerOptions(Endpoint: dockerd.Endpoint, RunId: runId));
        var interrupted = Cells.Make(family: "ipv4", userspace: "alpine", timeoutSeconds: 120);
        var never = Cells.Make(family: "ipv6", userspace: "alpine", timeoutSeconds: 120);

        var cut = await StopTheEngineWhileTheCellRunsAsync(backend, interrupted, run, dockerd, runId);
        Assert.True(cut.Message.Contains("while running the cell's container", StringComparison.Ordinal) || cut.Message.Contains("stopped while the cell ran", StringComparison.Ordinal), cut.Message);

        // A cell that would only start now: skipped, with why and what to do, at once (no engine call to time out).
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var skipped = Assert.Single(await backend.RunAsync([never], run.Context, Ct));
        Assert.Equal(Orchestrator.Cells.CellStatus.Skipped, skipped.Status);
        Assert.StartsWith("skipped: engine went away (", skipped.Reason, StringComparison.Ordinal);
        Assert.Contains("dockerd", skipped.Reason, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"skipping took {watch.Elapsed}");
        // A retry of the interrupted cell is still what happened to it, not a skip.
        var retry = await Assert.ThrowsAsync<InfrastructureException>(() => backend.RunAsync([interrupted], run.Context, Ct));
        Assert.Equal(cut.Message, retry.Message);

        // The engine comes back: it removes the interrupted cell's container itself (AutoRemove), with no run left to ask it.
        await dockerd.RestartAsync();
        await WaitForAsync(async () => (await Engine.ContainersOfRunAsync(runId, dockerd.Endpoint)).Count == 0, TimeSpan.FromSeconds(30),
            () => null);
        var again = Cells.Make(family: "ipv6", variant: "again", userspace: "alpine", timeoutSeconds: 5); // the fake agent sleeps: a short cell
        var timedOut = await Assert.ThrowsAsync<InfrastructureException>(() => backend.RunAsync([again], run.Context, Ct));
        Assert.StartsWith("timed out after 5 s", timedOut.Message, StringComparison.Ordinal);
        Assert.Empty(await Engine.ContainersOfRunAsync(runId, dockerd.Endpoint));
    }

    [Fact]
    public async Task A_container_the_stopped_engine_interrupted_is_gone_once_the_engine_starts_again_after_the_run_ended()
    {
        Engine.RequireBundle();
        await using var dockerd = await PrivateDockerd.StartAsync();
        using var fake = new FakeAgent("exec sleep 600");
        using var run = new TestRun(fake.Artifacts);
        var runId = Engine.NewRunId("engineback");
        using (var backend = new ContainerBackend(new ContainerOptions(Endpoint: dockerd.Endpoint, RunId: runId)))
        {
            await StopTheEngineWhileTheCellRunsAsync(backend, Cells.Make(userspace: "alpine", timeoutSeconds: 120), run, dockerd, runId);
        }

        // The run is over (its backend disposed) while the engine was down: nothing of MptcpMatrix runs when it comes back,
        // yet the engine itself removes the container, since it was created to be removed on exit.
        await dockerd.RestartAsync();
        await WaitForAsync(async () => (await Engine.ContainersOfRunAsync(runId, dockerd.Endpoint)).Count == 0, TimeSpan.FromSeconds(30),
            () => null);
    }

    [Fact]
    public async Task Without_an_engine_container_cells_are_skipped_with_how_to_start_it_and_host_cells_still_run()
    {
        Requires.Root();
        Requires.HostMptcp();
        Engine.RequireBundle();
        var dir = Directory.CreateTempSubdirectory("mm-noengine-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "matrix.yml"), """
                kernels:
                  - name: host
                    source: host
                families: [ipv4]
                backends: [host, container]
                timeout: 60
                retries: 0
                """);
            var result = await Cli.Wrap(Matrix)
                .WithArguments(["run", "--config", Path.Combine(dir, "matrix.yml"), "--out", Path.Combine(dir, "out")])
                .WithEnvironmentVariables(e => e.Set("DOCKER_HOST", "unix://" + Path.Combine(dir, "no-engine.sock")).Set("CI", "true"))
                .WithWorkingDirectory(dir)
                .WithValidation(CommandResultValidation.None)
                .ExecuteBufferedAsync(Ct);

            var cells = Path.Combine(dir, "out", "cells");
            using var container = JsonDocument.Parse(File.ReadAllText(Path.Combine(cells, "container-host-ipv4-default.json")));
            using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(cells, "host-host-ipv4-default.json")));
            Assert.Equal("skipped", container.RootElement.GetProperty("status").GetString());
            var reason = container.RootElement.GetProperty("reason").GetString();
            Assert.Contains("Docker engine not reachable", reason, StringComparison.Ordinal);
            Assert.Contains("dockerd", reason, StringComparison.Ordinal);
            Assert.Equal("pass", host.RootElement.GetProperty("status").GetString());
            // The run went on, but in CI (CI=true here) a skipped cell must not leave the job green: exit 3, naming it.
            Assert.True(result.ExitCode is 3, $"matrix run exited {result.ExitCode}: {result.StandardError}");
            Assert.Contains("skipped in CI", result.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Ctrl_c_of_matrix_run_leaves_no_container_behind()
    {
        await Engine.RequireAsync();
        using var fake = new FakeAgent("exec sleep 600");
        var dir = Directory.CreateTempSubdirectory("mm-sigint-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "matrix.yml"), """
                kernels:
                  - name: host
                    source: host
                families: [ipv4, ipv6]
                backends: [container]
                userspaces: [alpine]
                timeout: 300
                retries: 0
                parallel: 2
                """);
            using var graceful = new CancellationTokenSource();
            using var forceful = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            forceful.CancelAfter(TimeSpan.FromSeconds(180));
            var stderr = new System.Text.StringBuilder();
            var child = Cli.Wrap(Matrix)
                .WithArguments(["run", "--config", Path.Combine(dir, "matrix.yml"), "--out", Path.Combine(dir, "out")])
                .WithEnvironmentVariables(e => e.Set("MPTCPMATRIX_AGENT_DIR", fake.Dir).Set("CI", "true"))
                .WithWorkingDirectory(dir)
                .WithStandardErrorPipe(PipeTarget.ToStringBuilder(stderr))
                .WithValidation(CommandResultValidation.None)
                .ExecuteAsync(forceful.Token, graceful.Token);
            var pid = child.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);

            await WaitForAsync(async () => (await OwnedByAsync(pid)).Count(c => c.State == "running") == 2, TimeSpan.FromSeconds(120),
                () => child.Task.IsCompleted ? "matrix run ended before its containers ran: " + stderr : null);
            graceful.Cancel(); // SIGINT, as Ctrl-C
            CommandResult result;
            try
            {
                result = await child;
            }
            catch (OperationCanceledException)
            {
                // CliWrap reports a graceful cancellation as an exception; the exit code is checked through the process below.
                result = null!;
            }

            Assert.Empty(await OwnedByAsync(pid));
            Assert.True(result is null || result.ExitCode == 130, $"matrix run exited {result?.ExitCode}: {stderr}");
            Assert.Contains("interrupted", stderr.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            await FakeImages.RemoveAsync(fake.Artifacts);
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Starts <paramref name="cell"/>, stops the engine once its container runs, and returns how the cell failed.</summary>
    private static async Task<InfrastructureException> StopTheEngineWhileTheCellRunsAsync(ContainerBackend backend,
        Orchestrator.Cells.CellSpec cell, TestRun run, PrivateDockerd dockerd, string runId)
    {
        var running = backend.RunAsync([cell], run.Context, Ct);
        await WaitForAsync(async () => (await Engine.ContainersOfRunAsync(runId, dockerd.Endpoint)).Any(c => c.State == "running"),
            TimeSpan.FromSeconds(90), () => running.IsCompleted ? "the cell ended before its container ran: " + running.Exception : null);
        await dockerd.StopAsync();
        return await Assert.ThrowsAsync<InfrastructureException>(() => running.WaitAsync(TimeSpan.FromSeconds(60), Ct));
    }

    private static async Task<List<Docker.DotNet.Models.ContainerListResponse>> OwnedByAsync(string pid)
    {
        using var client = Engine.Client();
        return (await client.Containers.ListContainersAsync(new Docker.DotNet.Models.ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool> { [$"{ContainerLabels.OwnerPid}={pid}"] = true, [$"{ContainerLabels.Marker}=1"] = true },
            },
        }, Ct)).ToList();
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan bound, Func<string?> abort)
    {
        var deadline = DateTime.UtcNow + bound;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return;
            if (abort() is { } why) Assert.Fail(why);
            await Task.Delay(200, Ct);
        }

        Assert.Fail($"condition not met within {bound.TotalSeconds:0} s");
    }
}
