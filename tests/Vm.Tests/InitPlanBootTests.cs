using MptcpMatrix.Orchestrator.Backends.Vm;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Config;
using MptcpMatrix.Orchestrator.Planning;
using MptcpMatrix.Orchestrator.Running;
using MptcpMatrix.TestSupport;
using MptcpMatrix.TestSupport.Runs;
using MptcpMatrix.Vm.Tests.Support;

namespace MptcpMatrix.Vm.Tests;

/// <summary>
/// The init plan travels in the boot's initramfs (<c>/init-plan.json</c> appended to the agent's archive), so a batch the
/// matrix allows is never too big for its boot: with the plan on the kernel command line, two variants with
/// <c>repeat: 9</c> made every one of the 36 cells an infra error ("too long for the kernel command line").
/// </summary>
public sealed class InitPlanBootTests
{
    private static void RequireAgent() =>
        Requires.Capability(File.Exists(Path.Combine(RepoPaths.AgentBundle, "opt/mptcp-agent/mptcp-agent")), "the built agent bundle", "scripts/build-agent.sh");

    [Fact]
    public async Task Two_variants_repeated_nine_times_run_as_the_one_batch_the_plan_shows_and_every_cell_gets_its_result()
    {
        TestKernels.RequireQemu();
        RequireAgent();
        await TestKernels.GetAsync(TestKernels.Bookworm);
        var config = ConfigLoader.Load("""
            kernels: [{name: bookworm, source: debian, suite: bookworm}]
            backends: [vm]
            sysctls: [{name: default}, {name: mptcp-disabled, values: {net.mptcp.enabled: 0}}]
            repeat: 9
            retries: 0
            timeout: 120
            vm: {accel: tcg}
            """, "/tmp/m.yml");
        var cells = CellPlanner.Expand(config);
        Assert.Equal(36, cells.Count);
        Assert.Single(BatchPlanner.Batches(cells, config.Vm));
        using var run = new TestRun();
        var runner = new MatrixRunner(name => name == "vm" ? new VmBackend() : null, new PlainProgress(TextWriter.Null, false));

        var outcome = await runner.RunAsync(new RunRequest("/tmp/m.yml", cells, run.OutDir, false, 1, run.Context.Agent, run.Context.CacheDir, config.Vm),
            TestContext.Current.CancellationToken);

        Assert.Equal(0, outcome.Missing);
        var results = cells.Select(c => ResultStore.ReadCell(ResultStore.CellPath(run.OutDir, c.Id))).ToList();
        Assert.All(results, r => Assert.True(r.Status == (r.Cell.Variant == "default" ? CellStatus.Pass : CellStatus.Unsupported), $"{r.Cell.Id}: {r.Status} {r.Reason}"));
        // Each cell holds its own family of its own repetition's namespace (the first repetition keeps the plain name).
        Assert.All(results, r => Assert.Equal((r.Cell.Family, r.Cell.Variant + (r.Cell.Repeat > 1 ? "#r" + r.Cell.Repeat : "")),
            (Assert.Single(r.Agent!.Families).Family, r.Agent.Variant)));
        // One boot ran them all, and its plan is one the kernel command line could not have carried (2 KB, base64 +33 %).
        var logs = Path.Combine(run.OutDir, "logs", cells[0].Id);
        Assert.Single(Directory.GetFiles(logs, "console*.log"));
        var append = File.ReadAllLines(Path.Combine(logs, "qemu-args.txt")).SkipWhile(a => a != "-append").Skip(1).First();
        Assert.DoesNotContain("mptcpmatrix.plan", append, StringComparison.Ordinal);
        var planBytes = new FileInfo(Path.Combine(logs, InitramfsBuilder.PlanPath)).Length;
        var asParameter = append.Length + " mptcpmatrix.plan=".Length + (planBytes * 4 + 2) / 3;
        Assert.True(asParameter > 2000, $"the plan ({planBytes} bytes) would have fitted the command line ({asParameter} bytes)");
    }

    [Fact]
    public async Task The_plan_is_found_after_a_gzip_compressed_agent_archive_too()
    {
        TestKernels.RequireQemu();
        RequireAgent();
        await TestKernels.GetAsync(TestKernels.Bookworm);
        using var run = new TestRun();
        CellSpec[] cells = [TestRun.Cell(TestKernels.Bookworm, "ipv4", kernelName: "bookworm"), TestRun.Cell(TestKernels.Bookworm, "ipv6", kernelName: "bookworm")];

        var results = await new VmBackend(new VmBackendOptions(CompressInitramfs: true)).RunAsync(cells, run.Context, TestContext.Current.CancellationToken);

        Assert.All(results, r => Assert.True(r.Status == CellStatus.Pass, $"{r.Cell.Id}: {r.Status} {r.Reason}"));
        Assert.EndsWith(".cpio.gz", File.ReadAllText(Path.Combine(run.OutDir, "logs", cells[0].Id, "initramfs-base.txt")).Trim(), StringComparison.Ordinal);
    }
}
