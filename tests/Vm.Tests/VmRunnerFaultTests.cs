using MptcpMatrix.Orchestrator.Backends;
using MptcpMatrix.Orchestrator.Backends.Vm;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Running;
using MptcpMatrix.TestSupport.Runs;
using MptcpMatrix.Vm.Tests.Support;

namespace MptcpMatrix.Vm.Tests;

/// <summary>Faults through the real runner (Polly retries, result files): a bad batch never stops the run.</summary>
public sealed class VmRunnerFaultTests
{
    private static async Task<(RunOutcome Outcome, Dictionary<string, CellResult> Results)> RunAsync(string initramfs, int retries, int timeout)
    {
        TestKernels.RequireQemu();
        await TestKernels.GetAsync(TestKernels.Bookworm);
        var trixie = await TestKernels.GetAsync(TestKernels.Trixie);
        using var run = new TestRun();
        // Two kernels => two batches: the faulty fixture init only boots for bookworm; trixie boots the real agent.
        var bad = TestRun.Cell(TestKernels.Bookworm, "ipv4", timeout: timeout, kernelName: "bookworm") with { Retries = retries };
        var good = TestRun.Cell(TestKernels.Trixie, "ipv4", timeout: 120, kernelName: "trixie");
        var faulty = new VmBackend(new VmBackendOptions(Initramfs: initramfs));
        var healthy = new VmBackend();
        var runner = new MatrixRunner(_ => new RoutingBackend(faulty, healthy), new PlainProgress(TextWriter.Null, false));
        var request = new RunRequest("test", [bad, good], run.OutDir, false, 2, run.Context.Agent, run.Context.CacheDir, new Orchestrator.Config.VmSettings());

        var outcome = await runner.RunAsync(request, TestContext.Current.CancellationToken);

        var results = Directory.GetFiles(Path.Combine(run.OutDir, "cells"), "*.json").Select(f =>
            System.Text.Json.JsonSerializer.Deserialize(File.ReadAllText(f), Orchestrator.Infrastructure.OrchestratorJson.Default.CellResult)!)
            .ToDictionary(r => r.Cell.Kernel);
        var retryLog = Path.Combine(run.OutDir, "logs", bad.Id, "retries.log");
        if (retries > 0) Assert.Equal(retries, File.ReadAllLines(retryLog).Length);
        Assert.Equal(retries + 1, Directory.GetFiles(Path.Combine(run.OutDir, "logs", bad.Id), "console*.log").Length);
        Assert.Empty(VmFaultTests.QemuProcessesFor(run.OutDir));
        return (outcome, results);
    }

    [Fact]
    public async Task A_kernel_panic_ends_as_infra_error_with_the_panic_lines_after_its_retries_and_the_run_continues()
    {
        var (outcome, results) = await RunAsync(await InitFixtures.ExitingInitAsync(), retries: 1, timeout: 60);

        Assert.Equal(CellStatus.InfraError, results["bookworm"].Status);
        Assert.Contains("Attempted to kill init", results["bookworm"].Reason);
        Assert.Equal(1, results["bookworm"].RetriesUsed);
        Assert.Equal(CellStatus.Pass, results["trixie"].Status);
        Assert.Equal(0, outcome.Missing);
    }

    [Fact]
    public async Task A_hanging_guest_is_killed_at_the_cell_timeout_retried_then_reported_as_infra_error_timeout()
    {
        var (_, results) = await RunAsync(await InitFixtures.HangingInitAsync(), retries: 1, timeout: 10);

        Assert.Equal(CellStatus.InfraError, results["bookworm"].Status);
        Assert.StartsWith("timeout", results["bookworm"].Reason);
        Assert.Equal(1, results["bookworm"].RetriesUsed);
        Assert.Equal(CellStatus.Pass, results["trixie"].Status);
    }

    /// <summary>Sends the bookworm batch to the faulty backend and everything else to the healthy one.</summary>
    private sealed class RoutingBackend(IBackend faulty, IBackend healthy) : IBackend
    {
        public string Name => "vm";

        public Task<BackendProbe> ProbeAsync(CancellationToken cancellationToken) => healthy.ProbeAsync(cancellationToken);

        public Task<IReadOnlyList<CellResult>> RunAsync(IReadOnlyList<CellSpec> batch, RunContext context, CancellationToken cancellationToken) =>
            (batch[0].Kernel == "bookworm" ? faulty : healthy).RunAsync(batch, context, cancellationToken);
    }
}
