using System.Diagnostics;
using MptcpMatrix.Contracts;
using MptcpMatrix.Orchestrator.Backends;
using MptcpMatrix.Orchestrator.Backends.Vm;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Infrastructure;
using MptcpMatrix.TestSupport.Runs;
using MptcpMatrix.Vm.Tests.Support;

namespace MptcpMatrix.Vm.Tests;

/// <summary>Faults, each provoked for real: a real kernel boots a fixture init under QEMU (TCG).</summary>
public sealed class VmFaultTests
{
    private static async Task<CellSpec> BookwormCellAsync(string family = "ipv4", int timeout = 60)
    {
        TestKernels.RequireQemu();
        await TestKernels.GetAsync(TestKernels.Bookworm);
        return TestRun.Cell(TestKernels.Bookworm, family, timeout: timeout);
    }

    [Fact]
    public async Task A_kernel_panic_is_an_infrastructure_failure_carrying_the_panic_lines()
    {
        var cell = await BookwormCellAsync();
        var backend = new VmBackend(new VmBackendOptions(Initramfs: await InitFixtures.ExitingInitAsync()));
        using var run = new TestRun();

        var e = await Assert.ThrowsAsync<InfrastructureException>(() => backend.RunAsync([cell], run.Context, TestContext.Current.CancellationToken));

        Assert.StartsWith("kernel panic: Kernel panic - not syncing: Attempted to kill init", e.Message);
        Assert.Contains("Attempted to kill init", e.LogExcerpt);
        Assert.Equal(cell.Id, e.CellId);
        Assert.True(File.Exists(Path.Combine(run.OutDir, "logs", cell.Id, "console.log")));
    }

    [Fact]
    public async Task A_hanging_guest_is_killed_at_the_cell_timeout_as_an_infrastructure_failure()
    {
        var cell = await BookwormCellAsync(timeout: 8);
        var backend = new VmBackend(new VmBackendOptions(Initramfs: await InitFixtures.HangingInitAsync()));
        using var run = new TestRun();

        var e = await Assert.ThrowsAsync<InfrastructureException>(() => backend.RunAsync([cell], run.Context, TestContext.Current.CancellationToken));

        Assert.StartsWith("timeout", e.Message);
        Assert.Equal(cell.Id, e.CellId);
        Assert.False(string.IsNullOrEmpty(e.LogExcerpt), "the console tail comes with the error");
        Assert.Empty(QemuProcessesFor(run.OutDir));
    }

    [Fact]
    public async Task Kernel_messages_and_damaged_frames_on_the_results_port_cannot_corrupt_a_result()
    {
        var cell = await BookwormCellAsync();
        var report = CannedReport("default", "ipv4", CheckOutcome.Pass);
        var good = ResultFrame.Encode(System.Text.Json.JsonSerializer.Serialize(report, ContractJson.Default.AgentReport));
        var damaged = good.Replace("@@MPTCPMATRIX-END", "").Replace("\n", "\n[  1.234] random: crng init done\n", StringComparison.Ordinal);
        var text = "garbage\n" + damaged + good[..40] + "\n" + good + ResultFrame.Encode("{\"done\":true}");
        var backend = new VmBackend(new VmBackendOptions(Initramfs: await InitFixtures.WritingInitAsync("noisy", text, "console noise\n")));
        using var run = new TestRun();

        var result = Assert.Single(await backend.RunAsync([cell], run.Context, TestContext.Current.CancellationToken));

        Assert.Equal(CellStatus.Pass, result.Status);
        Assert.Equal("ipv4", Assert.Single(result.Agent!.Families).Family);
        Assert.Equal("6.1.0-canned", result.Provenance.KernelRelease);
    }

    [Fact]
    public async Task A_guest_that_never_powers_off_after_its_complete_results_ends_at_once_with_the_verdict()
    {
        var cell = await BookwormCellAsync(timeout: 120);
        var report = CannedReport("default", "ipv4", CheckOutcome.Pass);
        var text = ResultFrame.Encode(System.Text.Json.JsonSerializer.Serialize(report, ContractJson.Default.AgentReport), compress: true) +
                   ResultFrame.Encode("{\"done\":true}", compress: true);
        var backend = new VmBackend(new VmBackendOptions(Initramfs: await InitFixtures.WritingThenHangingInitAsync("no-poweroff", text)));
        using var run = new TestRun();
        var clock = Stopwatch.StartNew();

        var result = Assert.Single(await backend.RunAsync([cell], run.Context, TestContext.Current.CancellationToken));

        Assert.Equal(CellStatus.Pass, result.Status);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed.TotalSeconds:0.0} s of a {cell.TimeoutSeconds} s timeout");
        Assert.Contains("complete and verified", await File.ReadAllTextAsync(Path.Combine(run.OutDir, "logs", cell.Id, "qemu-ended.txt"), TestContext.Current.CancellationToken));
        Assert.Empty(QemuProcessesFor(run.OutDir));
    }

    [Fact]
    public async Task A_guest_that_hangs_before_its_last_frame_still_waits_out_the_timeout()
    {
        var cell = await BookwormCellAsync(timeout: 8);
        var report = CannedReport("default", "ipv4", CheckOutcome.Pass);
        var text = ResultFrame.Encode(System.Text.Json.JsonSerializer.Serialize(report, ContractJson.Default.AgentReport));
        var backend = new VmBackend(new VmBackendOptions(Initramfs: await InitFixtures.WritingThenHangingInitAsync("no-done", text)));
        using var run = new TestRun();

        var e = await Assert.ThrowsAsync<InfrastructureException>(() => backend.RunAsync([cell], run.Context, TestContext.Current.CancellationToken));

        Assert.StartsWith("timeout", e.Message);
        Assert.False(File.Exists(Path.Combine(run.OutDir, "logs", cell.Id, "qemu-ended.txt")));
    }

    [Fact]
    public void Only_a_verified_done_or_error_frame_ends_the_results()
    {
        var done = ResultFrame.Encode("{\"done\":true}");
        Assert.True(ResultsWatch.IsFinal(ResultFrame.Decode("noise\n" + done, out _)));
        Assert.True(ResultsWatch.IsFinal(ResultFrame.Decode(ResultFrame.Encode("{\"error\":\"cannot read the plan\"}"), out _)));
        Assert.False(ResultsWatch.IsFinal(ResultFrame.Decode(ResultFrame.Encode("{\"variant\":\"default\"}"), out _)));
        Assert.False(ResultsWatch.IsFinal(ResultFrame.Decode(done.Replace("@@MPTCPMATRIX-END", ""), out _)));
    }

    [Fact]
    public async Task A_cell_whose_result_never_comes_back_is_an_infrastructure_failure_with_the_console_tail()
    {
        var cell = await BookwormCellAsync("ipv6");
        var report = CannedReport("default", "ipv4", CheckOutcome.Pass);
        var text = ResultFrame.Encode(System.Text.Json.JsonSerializer.Serialize(report, ContractJson.Default.AgentReport)) + ResultFrame.Encode("{\"done\":true}");
        var backend = new VmBackend(new VmBackendOptions(Initramfs: await InitFixtures.WritingInitAsync("ipv4only", text, "the console says hello\n")));
        using var run = new TestRun();

        var e = await Assert.ThrowsAsync<InfrastructureException>(() => backend.RunAsync([cell], run.Context, TestContext.Current.CancellationToken));

        Assert.Contains("family ipv6", e.Message);
        Assert.Contains("the console says hello", e.LogExcerpt);
    }

    [Fact]
    public async Task A_missing_qemu_skips_the_cells_naming_the_package_to_install()
    {
        using var run = new TestRun();
        var backend = new VmBackend(new VmBackendOptions(QemuBinary: "/nonexistent/qemu-system-x86_64"));
        var cell = TestRun.Cell(TestKernels.Bookworm, "ipv4");

        var probe = await backend.ProbeAsync(TestContext.Current.CancellationToken);
        var result = Assert.Single(await backend.RunAsync([cell], run.Context, TestContext.Current.CancellationToken));

        Assert.False(probe.Available);
        Assert.Equal("apt-get install qemu-system-x86", probe.Fix);
        Assert.Equal(CellStatus.Skipped, result.Status);
        Assert.Contains("apt-get install qemu-system-x86", result.Reason);
    }

    [Fact]
    public async Task A_qemu_that_fails_to_start_is_an_infrastructure_failure_with_its_message()
    {
        var cell = await BookwormCellAsync();
        var dir = Directory.CreateTempSubdirectory("fakeqemu-");
        try
        {
            var fake = Path.Combine(dir.FullName, "qemu-system-x86_64");
            await File.WriteAllTextAsync(fake, "#!/bin/sh\nif [ \"$1\" = --version ]; then echo 'QEMU emulator version 9.9.9'; exit 0; fi\n" +
                "echo 'qemu-system-x86_64: -accel tcg: failed to initialize tcg: simulated' >&2\nexit 1\n", TestContext.Current.CancellationToken);
            File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var backend = new VmBackend(new VmBackendOptions(QemuBinary: fake, Initramfs: await InitFixtures.ExitingInitAsync()));
            using var run = new TestRun();

            var e = await Assert.ThrowsAsync<InfrastructureException>(() => backend.RunAsync([cell], run.Context, TestContext.Current.CancellationToken));

            Assert.Equal(1, e.ExitCode);
            Assert.Contains("failed to initialize tcg: simulated", e.Message);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_booting_qemu_runs_under_its_seccomp_sandbox_with_spawning_and_privileges_denied()
    {
        var cell = await BookwormCellAsync(timeout: 120);
        Assert.True(await new QemuRunner().SupportsSandboxAsync(TestContext.Current.CancellationToken), "this QEMU build has no -sandbox (libseccomp)");
        using var run = new TestRun();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var deadline = Stopwatch.StartNew();
        var (task, pid) = await StartHangingBootAsync(cell, run, cts.Token);
        var argv = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
        // QEMU installs its filter after parsing its options: wait (bounded) for the kernel to show it.
        string Seccomp() => File.ReadLines($"/proc/{pid}/status").Single(l => l.StartsWith("Seccomp:", StringComparison.Ordinal));
        while (!Seccomp().EndsWith('2') && deadline.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(50, TestContext.Current.CancellationToken);
        var seccomp = Seccomp();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);

        Assert.Equal("Seccomp:\t2", seccomp); // 2: filter mode
        Assert.Equal(QemuMachine.SandboxArguments[1], argv[Array.IndexOf(argv, "-sandbox") + 1]);
        Assert.Contains("on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny", File.ReadAllText(Path.Combine(run.OutDir, "logs", cell.Id, "qemu-args.txt")));
    }

    [Fact]
    public async Task Cancelling_during_a_boot_leaves_no_qemu_process_and_no_temp_files()
    {
        var cell = await BookwormCellAsync(timeout: 120);
        using var run = new TestRun();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var (task, pid) = await StartHangingBootAsync(cell, run, cts.Token);
        // This boot's private temp dir is where its second serial port writes (-serial file:<tmp>/results.txt).
        var results = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0').Single(a => a.StartsWith("file:", StringComparison.Ordinal) && a.EndsWith("/results.txt", StringComparison.Ordinal));
        var work = Path.GetDirectoryName(results["file:".Length..])!;
        Assert.True(Directory.Exists(work));
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
        Assert.Empty(QemuProcessesFor(run.OutDir));
        Assert.False(Directory.Exists(work), $"{work} was left behind");
    }

    /// <summary>Starts a boot of the hanging fixture init and waits (at most 30 s) for its QEMU: the run and the QEMU's pid.</summary>
    private static async Task<(Task<IReadOnlyList<CellResult>> Run, int Pid)> StartHangingBootAsync(CellSpec cell, TestRun run, CancellationToken cancellationToken)
    {
        var backend = new VmBackend(new VmBackendOptions(Initramfs: await InitFixtures.HangingInitAsync()));
        var task = backend.RunAsync([cell], run.Context, cancellationToken);
        var deadline = Stopwatch.StartNew();
        while (QemuProcessesFor(run.OutDir).Count == 0 && deadline.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(50, TestContext.Current.CancellationToken);
        return (task, Assert.Single(QemuProcessesFor(run.OutDir)));
    }

    /// <summary>QEMU processes whose command line mentions <paramref name="marker"/> (the test's own output directory).</summary>
    internal static List<int> QemuProcessesFor(string marker)
    {
        var found = new List<int>();
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline"));
                if (cmdline.Contains("qemu-system", StringComparison.Ordinal) && cmdline.Contains(marker, StringComparison.Ordinal)) found.Add(pid);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return found;
    }

    internal static AgentReport CannedReport(string variant, string family, CheckOutcome outcome) =>
        new(AgentReport.CurrentSchemaVersion, "canned", new KernelInfo("6.1.0-canned", "#1", "x86_64", new Dictionary<string, string>()), 1, null, variant,
            new Dictionary<string, string>(), DateTimeOffset.UnixEpoch, 1,
            outcome, [new FamilyRun(family, outcome, [new CheckResult("client.canned", outcome)], 1)]);
}
