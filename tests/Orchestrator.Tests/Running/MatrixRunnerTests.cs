using System.Text.Json;
using MptcpMatrix.Contracts;
using MptcpMatrix.Orchestrator.Backends;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Config;
using MptcpMatrix.Orchestrator.Infrastructure;
using MptcpMatrix.Orchestrator.Planning;
using MptcpMatrix.Orchestrator.Running;
using MptcpMatrix.Orchestrator.Tests.Support;

namespace MptcpMatrix.Orchestrator.Tests.Running;

public sealed class MatrixRunnerTests : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    private static IReadOnlyList<CellSpec> Plan(string yaml) => CellPlanner.Expand(ConfigLoader.Load(yaml, "/tmp/m.yml"));

    private static readonly IReadOnlyList<CellSpec> HostPlan = Plan("kernels: [{name: host, source: host}]\nsysctls: [{name: a}, {name: b}, {name: c}]\nretries: 2\n");

    private RunRequest Request(IReadOnlyList<CellSpec> cells, bool resume = false, int parallel = 2, VmSettings? vm = null) =>
        new("/tmp/m.yml", cells, Path.Combine(dir.Path, "out"), resume, parallel, new AgentArtifacts("/nonexistent/agent", "/nonexistent/bundle"),
            Path.Combine(dir.Path, "cache"), vm ?? new VmSettings());

    private static MatrixRunner Runner(params IBackend[] backends) =>
        new(name => backends.FirstOrDefault(b => b.Name == name), new PlainProgress(TextWriter.Null, githubGroups: false));

    private CellResult Result(string id) => ResultStore.ReadCell(ResultStore.CellPath(Path.Combine(dir.Path, "out"), id));

    [Fact]
    public async Task Every_cell_gets_an_atomically_written_result_and_the_manifest_is_complete()
    {
        var backend = new ScriptedBackend("host", (batch, _, _) => ScriptedBackend.Pass(batch));
        var outcome = await Runner(backend).RunAsync(Request(HostPlan), CancellationToken.None);
        Assert.Equal((6, 6, 0, false), (outcome.Planned, outcome.Completed, outcome.Missing, outcome.Interrupted));
        foreach (var cell in HostPlan) Assert.Equal(CellStatus.Pass, Result(cell.Id).Status);
        Assert.Empty(Directory.EnumerateFiles(outcome.OutDir, "*.tmp", SearchOption.AllDirectories));
        var manifest = ResultStore.ReadManifest(outcome.OutDir)!;
        Assert.False(manifest.Partial);
        Assert.NotNull(manifest.EndedAt);
        Assert.Equal(HostPlan.Select(c => c.Id), manifest.Plan.Select(c => c.Id));
    }

    [Fact]
    public async Task The_manifest_records_every_kernel_of_matrix_yml_in_order_for_the_reports()
    {
        var backend = new ScriptedBackend("host", (batch, _, _) => ScriptedBackend.Pass(batch));
        var outcome = await Runner(backend).RunAsync(Request(HostPlan) with { KernelOrder = ["trixie", "host", "bookworm"] }, CancellationToken.None);
        Assert.Equal(["trixie", "host", "bookworm"], ResultStore.ReadManifest(outcome.OutDir)!.Kernels);
    }

    [Fact]
    public async Task Parallelism_is_bounded_by_the_request()
    {
        var backend = new ScriptedBackend("host", async (batch, _, ct) =>
        {
            await Task.Yield();
            await Task.Delay(20, ct); // gives other batches the chance to start if the bound were broken
            return await ScriptedBackend.Pass(batch);
        });
        await Runner(backend).RunAsync(Request(HostPlan, parallel: 2), CancellationToken.None);
        Assert.Equal(6, backend.Calls);
        Assert.InRange(backend.MaxConcurrent, 1, 2);
    }

    [Fact]
    public async Task An_infrastructure_failure_is_retried_and_the_retries_are_recorded()
    {
        var backend = new ScriptedBackend("host", (batch, call, _) =>
            call == 1 ? throw new InfrastructureException(batch[0].Id, "engine hiccup", 125) : ScriptedBackend.Pass(batch));
        var cell = HostPlan.Take(1).ToList();
        await Runner(backend).RunAsync(Request(cell), CancellationToken.None);
        var result = Result(cell[0].Id);
        Assert.Equal(CellStatus.Pass, result.Status);
        Assert.Equal(1, result.RetriesUsed);
        Assert.Equal(2, backend.Calls);
        Assert.Contains("engine hiccup", File.ReadAllText(Path.Combine(dir.Path, "out", "logs", cell[0].Id, "retries.log")));
    }

    [Fact]
    public async Task A_retry_is_announced_in_the_progress_with_its_number_and_reason()
    {
        var backend = new ScriptedBackend("host", (batch, call, _) =>
            call == 1 ? throw new InfrastructureException(batch[0].Id, "engine hiccup", 125) : ScriptedBackend.Pass(batch));
        var cell = HostPlan.Take(1).ToList();
        var output = new StringWriter();
        await new MatrixRunner(name => name == "host" ? backend : null, new PlainProgress(output, githubGroups: false)).RunAsync(Request(cell), CancellationToken.None);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[9..]).ToList();
        var id = cell[0].Id;
        Assert.Equal([$"{id}: preparing", $"{id}: retry 1: engine hiccup (exit code 125)"], lines.Where(l => l.StartsWith(id + ": p", StringComparison.Ordinal) || l.Contains(": retry", StringComparison.Ordinal)).Take(2));
        Assert.True(lines.FindIndex(l => l.Contains(": retry 1:", StringComparison.Ordinal)) < lines.FindIndex(l => l.StartsWith($"{id}: pass in ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task After_the_last_retry_an_infrastructure_failure_becomes_an_infra_error_result_with_its_reason()
    {
        var backend = new ScriptedBackend("host", (batch, _, _) =>
            throw new InfrastructureException(batch[0].Id, "the agent exited with code 2 without a report", 2, "unshare: Operation not permitted"));
        var cell = HostPlan.Take(1).ToList();
        await Runner(backend).RunAsync(Request(cell), CancellationToken.None);
        var result = Result(cell[0].Id);
        Assert.Equal(CellStatus.InfraError, result.Status);
        Assert.Equal(2, result.RetriesUsed);
        Assert.Equal(3, backend.Calls);
        Assert.Contains("without a report", result.Reason);
        Assert.Contains("unshare: Operation not permitted", result.Reason);
    }

    [Fact]
    public async Task A_failure_that_says_another_attempt_cannot_help_is_not_retried()
    {
        var backend = new ScriptedBackend("vm", (batch, _, _) =>
            throw new InfrastructureException(batch[0].Id, "kernel url:http://127.0.0.1/bzImage: SHA-256 mismatch", retryable: false));
        var cell = Plan("kernels: [{name: bw, source: debian, suite: bookworm}]\nbackends: [vm]\nfamilies: [ipv4]\nretries: 3\n");

        await Runner(backend).RunAsync(Request(cell), CancellationToken.None);

        Assert.Equal(1, backend.Calls);
        var result = Result(cell[0].Id);
        Assert.Equal((CellStatus.InfraError, 0), (result.Status, result.RetriesUsed));
        Assert.Contains("SHA-256 mismatch", result.Reason);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public async Task After_ctrl_c_the_failure_of_the_killed_attempt_is_neither_announced_as_a_retry_nor_recorded(int retries)
    {
        using var cts = new CancellationTokenSource();
        var backend = new ScriptedBackend("host", async (batch, _, _) =>
        {
            await cts.CancelAsync();
            // A backend sees its process die (the cancellation killed it) and reports that as an infrastructure failure.
            throw new InfrastructureException(batch[0].Id, "the agent exited with code 137 without a report", 137);
        });
        var cell = HostPlan.Take(1).Select(c => c with { Retries = retries }).ToList();
        var output = new StringWriter();

        var outcome = await new MatrixRunner(name => name == "host" ? backend : null, new PlainProgress(output, githubGroups: false)).RunAsync(Request(cell), cts.Token);

        Assert.True(outcome.Interrupted);
        Assert.Equal(1, backend.Calls);
        Assert.DoesNotContain("retry", output.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir.Path, "out", "logs", cell[0].Id, "retries.log")));
        // No infra-error result for an attempt that was cut short: the cell is missing, so --resume runs it.
        Assert.False(File.Exists(ResultStore.CellPath(outcome.OutDir, cell[0].Id)));
        Assert.Equal(1, outcome.Missing);
    }

    [Fact]
    public async Task A_backend_result_that_says_pass_while_a_check_failed_is_written_as_a_fail()
    {
        var backend = new ScriptedBackend("host", (batch, _, _) => Task.FromResult<IReadOnlyList<CellResult>>(
            batch.Select(c => Reports.Cell(c, CellStatus.Pass, Reports.Agent(CheckOutcome.Fail))).ToList()));
        var cell = HostPlan.Take(1).ToList();

        await Runner(backend).RunAsync(Request(cell), CancellationToken.None);

        var result = Result(cell[0].Id);
        Assert.Equal(CellStatus.Fail, result.Status);
        Assert.Equal("2 check(s) failed: ipv4:client.initial.tcpinfo.size_user, ipv4:server.ip_tos.roundtrip (the host backend reported pass)", result.Reason);
        Assert.Contains(result.Agent!.Families.SelectMany(f => f.Checks), c => c.Outcome == CheckOutcome.Fail);
    }

    [Fact]
    public async Task A_failing_check_is_never_retried()
    {
        var backend = new ScriptedBackend("host", (batch, _, _) => Task.FromResult<IReadOnlyList<CellResult>>(
            batch.Select(c => Reports.Cell(c, CellStatus.Fail, Reports.Agent(CheckOutcome.Fail))).ToList()));
        var cell = HostPlan.Take(1).ToList();
        await Runner(backend).RunAsync(Request(cell), CancellationToken.None);
        Assert.Equal(1, backend.Calls);
        Assert.Equal((CellStatus.Fail, 0), (Result(cell[0].Id).Status, Result(cell[0].Id).RetriesUsed));
    }

    [Fact]
    public async Task A_batch_that_outlives_its_timeout_is_an_infra_error_that_says_so()
    {
        var backend = new ScriptedBackend("host", async (batch, _, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return await ScriptedBackend.Pass(batch);
        });
        var cell = HostPlan.Take(1).Select(c => c with { TimeoutSeconds = 1, Retries = 1 }).ToList();
        await Runner(backend).RunAsync(Request(cell), CancellationToken.None);
        var result = Result(cell[0].Id);
        Assert.Equal(CellStatus.InfraError, result.Status);
        Assert.Contains("timed out after 1 s", result.Reason);
        Assert.Equal(1, result.RetriesUsed);
    }

    [Fact]
    public async Task A_backend_that_is_not_registered_makes_its_cells_skipped_and_the_run_goes_on()
    {
        var plan = Plan("kernels: [{name: host, source: host}]\nbackends: [host, container]\nfamilies: [ipv4]\n");
        var host = new ScriptedBackend("host", (batch, _, _) => ScriptedBackend.Pass(batch));
        await Runner(host).RunAsync(Request(plan), CancellationToken.None);
        Assert.Equal(CellStatus.Pass, Result("host-host-ipv4-default").Status);
        var skipped = Result("container-host-ipv4-default");
        Assert.Equal(CellStatus.Skipped, skipped.Status);
        Assert.Contains("backend 'container' is not available in this build", skipped.Reason);
    }

    [Fact]
    public async Task A_backend_whose_probe_says_unavailable_makes_its_cells_skipped_with_the_fix()
    {
        var vm = new ScriptedBackend("vm", (batch, _, _) => ScriptedBackend.Pass(batch), new BackendProbe(false, "qemu-system-x86_64 not found", "apt-get install qemu-system-x86"));
        var plan = Plan("kernels: [{name: bw, source: debian, suite: bookworm}]\nbackends: [vm]\n");
        await Runner(vm).RunAsync(Request(plan), CancellationToken.None);
        Assert.Equal(0, vm.Calls);
        var result = Result("vm-bw-ipv4-default");
        Assert.Equal(CellStatus.Skipped, result.Status);
        Assert.Equal("vm backend unavailable: qemu-system-x86_64 not found (fix: apt-get install qemu-system-x86)", result.Reason);
    }

    [Fact]
    public async Task A_probe_that_throws_is_an_unavailable_backend_not_a_crash()
    {
        var broken = new ThrowingProbeBackend();
        var plan = Plan("kernels: [{name: host, source: host}]\nfamilies: [ipv4]\n");
        await new MatrixRunner(_ => broken, new PlainProgress(TextWriter.Null, false)).RunAsync(Request(plan), CancellationToken.None);
        var result = Result("host-host-ipv4-default");
        Assert.Equal(CellStatus.Skipped, result.Status);
        Assert.Contains("probing the host backend failed", result.Reason);
        Assert.Contains("socket vanished", result.Reason);
    }

    [Fact]
    public async Task Vm_cells_of_one_kernel_run_as_one_batch()
    {
        var vm = new ScriptedBackend("vm", (batch, _, _) => ScriptedBackend.Pass(batch));
        var plan = Plan("kernels: [{name: bw, source: debian, suite: bookworm}, {name: tx, source: debian, suite: trixie}]\nbackends: [vm]\nsysctls: [{name: a}, {name: b}]\n");
        await Runner(vm).RunAsync(Request(plan, vm: new VmSettings { Batch = true }), CancellationToken.None);
        Assert.Equal(2, vm.Calls);
        Assert.All(vm.Batches, b => Assert.Equal(4, b.Count));
    }

    [Fact]
    public async Task A_cell_the_backend_did_not_answer_is_an_infra_error()
    {
        var vm = new ScriptedBackend("vm", (batch, _, _) => ScriptedBackend.Pass(batch.Take(1).ToList()));
        var plan = Plan("kernels: [{name: bw, source: debian, suite: bookworm}]\nbackends: [vm]\n");
        await Runner(vm).RunAsync(Request(plan), CancellationToken.None);
        Assert.Equal(CellStatus.Pass, Result("vm-bw-ipv4-default").Status);
        Assert.Equal(CellStatus.InfraError, Result("vm-bw-ipv6-default").Status);
        Assert.Contains("returned no result for this cell", Result("vm-bw-ipv6-default").Reason);
    }

    [Fact]
    public async Task Resume_runs_only_the_cells_without_a_result()
    {
        var first = new ScriptedBackend("host", (batch, _, _) => ScriptedBackend.Pass(batch));
        await Runner(first).RunAsync(Request(HostPlan.Take(2).ToList()), CancellationToken.None);
        File.WriteAllText(ResultStore.CellPath(Path.Combine(dir.Path, "out"), HostPlan[2].Id), "{ damaged"); // a torn file counts as missing

        var second = new ScriptedBackend("host", (batch, _, _) => ScriptedBackend.Pass(batch));
        var outcome = await Runner(second).RunAsync(Request(HostPlan, resume: true), CancellationToken.None);
        Assert.Equal(HostPlan.Skip(2).Select(c => c.Id).Order(), second.Batches.SelectMany(b => b).Order());
        Assert.Equal(0, outcome.Missing);
        Assert.False(ResultStore.ReadManifest(outcome.OutDir)!.Partial);
    }

    [Fact]
    public async Task Cancellation_keeps_finished_cells_stops_the_rest_and_leaves_a_partial_manifest()
    {
        using var cts = new CancellationTokenSource();
        var cancelledInside = 0;
        var backend = new ScriptedBackend("host", async (batch, call, ct) =>
        {
            if (call == 1) return await ScriptedBackend.Pass(batch);
            await cts.CancelAsync();
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                Interlocked.Increment(ref cancelledInside);
                throw;
            }

            return await ScriptedBackend.Pass(batch);
        });
        var outcome = await Runner(backend).RunAsync(Request(HostPlan, parallel: 1), cts.Token);
        Assert.True(outcome.Interrupted);
        Assert.Equal(1, cancelledInside);
        Assert.Equal(CellStatus.Pass, Result(HostPlan[0].Id).Status);
        Assert.False(File.Exists(ResultStore.CellPath(outcome.OutDir, HostPlan[1].Id)));
        var manifest = ResultStore.ReadManifest(outcome.OutDir)!;
        Assert.True(manifest.Partial);
        Assert.True(manifest.Interrupted);
    }

    [Fact]
    public async Task Cell_results_round_trip_through_json_with_provenance()
    {
        var backend = new ScriptedBackend("host", (batch, _, _) => ScriptedBackend.Pass(batch));
        var plan = Plan("kernels: [{name: host, source: host}]\nfamilies: [ipv4]\nsysctls: [{name: off, values: {net.mptcp.enabled: 0}}]\n");
        await Runner(backend).RunAsync(Request(plan), CancellationToken.None);
        var json = File.ReadAllText(ResultStore.CellPath(Path.Combine(dir.Path, "out"), plan[0].Id));
        using var doc = JsonDocument.Parse(json);
        Assert.Equal("pass", doc.RootElement.GetProperty("status").GetString());
        Assert.Equal("0", doc.RootElement.GetProperty("provenance").GetProperty("sysctls").GetProperty("net.mptcp.enabled").GetString());
        Assert.Equal("host-host-ipv4-off", doc.RootElement.GetProperty("cell").GetProperty("id").GetString());
    }

    [Fact]
    public async Task Versions_found_by_the_probe_fill_provenance_the_backend_left_empty()
    {
        var vm = new ScriptedBackend("vm", (batch, _, _) => ScriptedBackend.Pass(batch),
            new BackendProbe(true, "qemu 7.2", Versions: new Dictionary<string, string> { ["qemu"] = "7.2.19" }));
        var plan = Plan("kernels: [{name: bw, source: debian, suite: bookworm}]\nbackends: [vm]\nfamilies: [ipv4]\n");
        await Runner(vm).RunAsync(Request(plan), CancellationToken.None);
        var provenance = Result("vm-bw-ipv4-default").Provenance;
        Assert.Equal("7.2.19", provenance.QemuVersion);
        Assert.Equal(("vm", "kvm"), (provenance.Backend, provenance.Accel));
    }

    private sealed class ThrowingProbeBackend : IBackend
    {
        public string Name => "host";

        public Task<BackendProbe> ProbeAsync(CancellationToken cancellationToken) => throw new IOException("socket vanished");

        public Task<IReadOnlyList<CellResult>> RunAsync(IReadOnlyList<CellSpec> batch, RunContext context, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("must not run");
    }
}
