using MptcpMatrix.Contracts;
using MptcpMatrix.Orchestrator.Backends.Boot;
using MptcpMatrix.Orchestrator.Infrastructure;
using MptcpMatrix.Orchestrator.Kernels;

namespace MptcpMatrix.Orchestrator.Backends.Vm;

/// <summary>
/// <c>backend: vm</c>: boots a real kernel under QEMU with the agent as init. A batch of cells sharing a kernel is one boot:
/// the agent runs each sysctl variant in its own network namespace and writes one framed, checksummed report per variant
/// to the second serial port, which QEMU writes to a file separate from the console log.
/// </summary>
internal sealed class VmBackend(VmBackendOptions? options = null) : BootBackend(options)
{
    /// <summary>The backend as matrix.yml configures it (<c>vm.memory</c>, <c>vm.cpus</c>, <c>vm.boot</c>, <c>debian.mirror</c>).</summary>
    public static VmBackend FromConfig(Config.MatrixConfig config) => new(VmBackendOptions.FromConfig(config));

    public override string Name => "vm";

    /// <summary>Where the results of the programs an initramfs's <c>init-extras.json</c> ran are kept (one JSON object per line), in the batch's first cell's log.</summary>
    public const string ProgramsLog = "programs.jsonl";

    public override async Task<BackendProbe> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            Qemu.Locate();
        }
        catch (QemuNotFoundException e)
        {
            return new BackendProbe(false, e.Message, $"apt-get install {QemuRunner.Package}");
        }

        // QEMUs left by an orchestrator that was SIGKILLed (its own Ctrl-C path kills them) die here, before new boots.
        PhaseTrace.Mark("vm probe: qemu located");
        var orphans = QemuOrphans.Sweep();
        PhaseTrace.Mark("vm probe: orphans swept");
        var version = await Qemu.VersionAsync(cancellationToken);
        PhaseTrace.Mark("vm probe: qemu version known");
        var swept = orphans.Count == 0 ? "" : $"; killed {orphans.Count} QEMU(s) left by a killed run";
        var kvm = AccelSelector.KvmUsable(out var why) ? "kvm device present" : why + " (tcg only)";
        return new BackendProbe(true, $"qemu {version}; {kvm}{swept}", null, new Dictionary<string, string> { ["qemu"] = version });
    }

    protected override async Task<BootTools> ToolsAsync(CancellationToken cancellationToken)
    {
        try
        {
            Qemu.Locate();
            return new BootTools(null, await Qemu.VersionAsync(cancellationToken));
        }
        catch (QemuNotFoundException e)
        {
            return new BootTools(e.Message);
        }
    }

    /// <summary>The pre-check names everything the kernel lacks for a cell before any boot is spent on it.</summary>
    protected override async Task<string?> UnbootableAsync(BootBatch batch, KernelImage image, CancellationToken cancellationToken)
    {
        KernelConfigFile.CheckVmBoot(image.Config, out var lacks, out var notes);
        if (lacks.Count > 0) return "the kernel config lacks what a vm cell needs: " + string.Join(", ", lacks);
        if (notes.Count > 0) await File.WriteAllLinesAsync(Path.Combine(batch.LogDir, "config-check.txt"), notes, cancellationToken);
        return null;
    }

    protected override async Task<GuestRun> BootAsync(BootBatch batch, KernelImage image, BootFacts facts, CancellationToken cancellationToken)
    {
        var context = batch.Context;
        var boot = Options.Pvh
            ? await PvhKernels.ResolveAsync(image, context.CacheDir, cancellationToken)
            : new BootKernel(image.Vmlinuz, BootKernel.BzImage, "vm.boot: bzimage");
        PhaseTrace.Mark($"{batch.First.Id}: boot entry {boot.Entry}");
        var initramfs = Options.Initramfs ?? InitramfsBuilder.ForAgent(context.Agent, context.CacheDir, Options.CompressInitramfs);
        PhaseTrace.Mark($"{batch.First.Id}: agent initramfs ready");
        var plan = BootPlan.For(batch.Cells, batch.Budget.AgentSeconds);
        var append = plan.KernelCommandLine(Options.KernelLogLevel, tcg: facts.Accel == "tcg");
        var timeout = batch.Budget.Guest;

        var logDir = batch.LogDir;
        var console = Path.Combine(logDir, "console.log");
        // A retried batch keeps the failed attempt's console next to the new one.
        for (var attempt = 1; File.Exists(console); attempt++)
        {
            var kept = Path.Combine(logDir, $"console.attempt-{attempt}.log");
            if (!File.Exists(kept)) File.Move(console, kept);
        }

        // The plan travels in the boot's initramfs (any size); the log keeps it, and which agent archive it was appended to.
        var planJson = plan.PlanJson();
        await File.WriteAllBytesAsync(Path.Combine(logDir, InitramfsBuilder.PlanPath), planJson, cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(logDir, "initramfs-base.txt"), initramfs + "\n", cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(logDir, "boot-entry.txt"), $"{boot.Entry}: {boot.Path} ({boot.Why})\n", cancellationToken);
        var work = TempDirs.Create("mptcpmatrix-vm-");
        string resultsText;
        QemuOutcome outcome;
        try
        {
            var results = Path.Combine(work.FullName, "results.txt");
            var bootInitramfs = Path.Combine(work.FullName, "initramfs.cpio");
            // A test's own initramfs (Options.Initramfs) brings its own /init-extras.json; a matrix boot that runs the
            // sockopts suite adds the diag modules (decompressed on the host).
            var sources = Options.Initramfs is null ? GuestModules.For(image, plan.Plan.Suites) : [];
            var modules = PlainModules.For(sources, context.CacheDir);
            if (modules.Count > 0)
                await File.WriteAllLinesAsync(Path.Combine(logDir, "guest-modules.txt"),
                    sources.Select((m, i) => m == modules[i] ? m : $"{m} (decompressed: {modules[i]})"), cancellationToken);
            InitramfsBuilder.WriteWithPlan(initramfs, planJson, bootInitramfs, modules);
            PhaseTrace.Mark($"{batch.First.Id}: boot initramfs written");
            var machine = new QemuMachine(boot.Path, bootInitramfs, append, facts.Accel, Options.MemoryMb, Options.Cpus, console, results, timeout,
                Sandbox: await Qemu.SupportsSandboxAsync(cancellationToken));
            await File.WriteAllTextAsync(Path.Combine(logDir, "qemu-args.txt"), string.Join('\n', machine.Arguments()) + "\n", cancellationToken);
            PhaseTrace.Mark($"{batch.First.Id}: QEMU arguments ready");
            batch.ReportStage(CellStage.Booting);
            using (await BootSlots.AcquireAsync(Options.MemoryMb, cancellationToken))
                outcome = await Qemu.RunAsync(machine, cancellationToken, new ResultsWatch(results).Complete);
            resultsText = ConsoleLog.Read(results);
        }
        finally
        {
            work.Delete(recursive: true);
        }

        var consoleText = ConsoleLog.Read(console);
        if (File.Exists(console)) foreach (var cell in batch.Cells.Skip(1)) File.Copy(console, Path.Combine(context.LogDir(cell.Id), "console.log"), overwrite: true);
        if (outcome.EndedOnResults)
            await File.WriteAllTextAsync(Path.Combine(logDir, "qemu-ended.txt"),
                $"QEMU stopped after {outcome.Duration.TotalSeconds:0.0} s: the guest's results were complete and verified (done or error frame)\n", cancellationToken);
        if (!string.IsNullOrWhiteSpace(outcome.StandardError))
            await File.WriteAllTextAsync(Path.Combine(logDir, "qemu-stderr.txt"), outcome.StandardError, cancellationToken);

        var first = batch.First;
        if (outcome.TimedOut)
            throw new InfrastructureException(first.Id, $"timeout: the guest did not power off within {timeout.TotalSeconds:0} s (killed)",
                logExcerpt: ConsoleLog.Tail(consoleText));

        var frames = ResultFrame.Decode(resultsText, out var damaged);
        if ((outcome.ExitCode == 0 || outcome.EndedOnResults) && frames.Count > 0) await BootHistory.RecordAsync(context.CacheDir, first.KernelSource, outcome.Duration, cancellationToken);
        var guest = GuestFrames.Read(frames);
        if (guest.Programs.Count > 0)
            await File.WriteAllLinesAsync(Path.Combine(logDir, ProgramsLog), guest.Programs, cancellationToken);
        if (guest.Error is not null)
            throw new InfrastructureException(first.Id, "the agent failed in the guest: " + guest.Error, logExcerpt: ConsoleLog.Tail(consoleText));

        // A panic is an infrastructure failure with its lines: the runner retries it (under TCG some kernels oops at random
        // during boot, see docs/vm.md) and reports infra-error with these lines when the retries are used up.
        if (ConsoleLog.PanicLines(consoleText) is { } panic && !guest.Done)
        {
            var line = panic.Split('\n').First(l => l.Contains("Kernel panic", StringComparison.Ordinal)).Trim();
            throw new InfrastructureException(first.Id, "kernel panic: " + line[line.IndexOf("Kernel panic", StringComparison.Ordinal)..], outcome.ExitCode, panic);
        }

        if (frames.Count == 0 && outcome.ExitCode is not 0)
            throw new InfrastructureException(first.Id, $"qemu exited with {outcome.ExitCode}: {outcome.StandardError.Trim()}", outcome.ExitCode,
                ConsoleLog.Tail(consoleText));

        var reports = new List<GuestReport>(batch.Cells.Count);
        foreach (var cell in batch.Cells)
        {
            var variant = plan.VariantOfCell[cell.Id];
            var full = guest.Reports.GetValueOrDefault(variant);
            var family = full?.Families.FirstOrDefault(f => f.Family == cell.Family)
                ?? throw new InfrastructureException(cell.Id,
                    $"no result for variant '{variant}' family {cell.Family} came back from the guest ({frames.Count} intact frames, {damaged} damaged, " +
                    $"{(guest.Done ? "agent finished" : "agent did not finish")}, qemu exit {outcome.ExitCode})",
                    outcome.ExitCode, ConsoleLog.Tail(consoleText));
            reports.Add(new GuestReport(full! with { Families = [family], Verdict = family.Verdict }, $"the guest's network namespace of variant '{variant}'"));
        }

        return new GuestRun(reports, outcome.ExitCode, ConsoleLog.Tail(consoleText), boot.Entry);
    }
}
