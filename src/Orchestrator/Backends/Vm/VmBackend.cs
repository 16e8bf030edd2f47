using System.Text.Json;
using MptcpMatrix.Contracts;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Kernels;

using MptcpMatrix.Orchestrator.Running;

namespace MptcpMatrix.Orchestrator.Backends.Vm;

/// <summary>
/// <c>backend: vm</c>: boots a real kernel under QEMU with the agent as init. A batch of cells sharing a kernel is one boot:
/// the agent runs each sysctl variant in its own network namespace and writes one framed, checksummed report per variant
/// to the second serial port, which QEMU writes to a file separate from the console log.
/// </summary>
public sealed class VmBackend : IBackend
{
    private readonly VmBackendOptions _settings;
    private readonly QemuRunner _qemu;
    private AccelSelector? _accel;

    public VmBackend(VmBackendOptions? settings = null)
    {
        _settings = settings ?? new VmBackendOptions();
        _qemu = new QemuRunner(_settings.QemuBinary);
    }

    /// <summary>What this backend boots with (memory, CPUs, mirror, qemu binary).</summary>
    public VmBackendOptions Settings => _settings;

    /// <summary>The backend as matrix.yml configures it (<c>vm.memory</c>, <c>vm.cpus</c>, <c>debian.mirror</c>).</summary>
    public static VmBackend FromConfig(Config.MatrixConfig config) =>
        new(new VmBackendOptions(MemoryMb: config.Vm.Memory, Cpus: config.Vm.Cpus, Mirror: config.Debian.Mirror, Pvh: config.Vm.Boot == "pvh", SecurityMirror: config.Debian.Security,
            MainlineUrl: config.Mainline.Url, MainlineKeyring: config.Mainline.Keyring));

    public string Name => "vm";

    /// <summary>Where the results of the programs an initramfs's <c>init-extras.json</c> ran are kept (one JSON object per line), in the batch's first cell's log.</summary>
    public const string ProgramsLog = "programs.jsonl";

    /// <summary>Upper bound of a kernel's boot to init under TCG (measured: 1 to 3 s; 7.x up to 5.5 s).</summary>
    public const int BootAllowanceSeconds = 60;

    /// <summary>Why the last <c>auto</c> accel decision went the way it did.</summary>
    public string? AccelReason => _accel?.Reason;

    public async Task<BackendProbe> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            _qemu.Locate();
        }
        catch (QemuNotFoundException e)
        {
            return new BackendProbe(false, e.Message, $"apt-get install {QemuRunner.Package}");
        }

        // QEMUs left by an orchestrator that was SIGKILLed (its own Ctrl-C path kills them) die here, before new boots.
        var orphans = QemuOrphans.Sweep();
        var version = await _qemu.VersionAsync(cancellationToken);
        var swept = orphans.Count == 0 ? "" : $"; killed {orphans.Count} QEMU(s) left by a killed run";
        var kvm = AccelSelector.KvmUsable(out var why) ? "kvm device present" : why + " (tcg only)";
        return new BackendProbe(true, $"qemu {version}; {kvm}{swept}", null, new Dictionary<string, string> { ["qemu"] = version });
    }

    public async Task<IReadOnlyList<CellResult>> RunAsync(IReadOnlyList<CellSpec> batch, RunContext context, CancellationToken cancellationToken)
    {
        if (batch.Count == 0) return [];
        var started = DateTimeOffset.UtcNow;
        var first = batch[0];
        if (batch.Any(c => c.KernelSource != first.KernelSource))
            throw new ArgumentException("a VM batch must share one kernel", nameof(batch));
        foreach (var cell in batch) context.ReportStage(cell.Id, CellStage.Preparing);

        string qemuVersion;
        try
        {
            _qemu.Locate();
            qemuVersion = await _qemu.VersionAsync(cancellationToken);
        }
        catch (QemuNotFoundException e)
        {
            return Finish(batch, context, started, CellStatus.Skipped, e.Message, null, null, "none", null);
        }

        KernelImage image;
        try
        {
            var resolver = new KernelResolver(new KernelCache(context.CacheDir), new KernelFetchOptions(_settings.Mirror, SecurityMirror: _settings.SecurityMirror,
                MainlineUrl: _settings.MainlineUrl, MainlineKeyring: _settings.MainlineKeyring));
            image = await resolver.ResolveAsync(first.KernelSource, cancellationToken);
        }
        catch (KernelException e) when (first.KernelSource.IsHost)
        {
            return Finish(batch, context, started, CellStatus.Untestable, e.Message, null, null, "none", qemuVersion);
        }
        catch (Exception e) when (KernelFailures.IsKernelFailure(e))
        {
            throw KernelFailures.ToInfrastructure(first, e);
        }

        var mptcp = image.Mptcp;
        if (!mptcp.Testable)
            return Finish(batch, context, started, CellStatus.Untestable, mptcp.Reason, null, image, "none", qemuVersion);
        // The pre-check names everything the kernel lacks for a cell before any boot is spent on it.
        KernelConfig.CheckVmBoot(image.Config, out var lacks, out var notes);
        if (lacks.Count > 0)
            return Finish(batch, context, started, CellStatus.Untestable, "the kernel config lacks what a vm cell needs: " + string.Join(", ", lacks), null, image, "none", qemuVersion);
        if (notes.Count > 0)
            await File.WriteAllLinesAsync(Path.Combine(context.LogDir(first.Id), "config-check.txt"), notes, cancellationToken);

        _accel ??= new AccelSelector(_qemu, context.CacheDir);
        string accel;
        try
        {
            accel = await _accel.ResolveAsync(first.Accel, image.Vmlinuz, cancellationToken);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            throw new InfrastructureException(first.Id, e.Message, inner: e);
        }

        var boot = _settings.Pvh
            ? await PvhKernels.ResolveAsync(image, context.CacheDir, cancellationToken)
            : new BootKernel(image.Vmlinuz, BootKernel.BzImage, "vm.boot: bzimage");
        var initramfs = _settings.Initramfs ?? InitramfsBuilder.ForAgent(context.Agent, context.CacheDir, _settings.CompressInitramfs);
        var agentTimeout = Math.Clamp(batch.Min(c => c.TimeoutSeconds) / 2, 2, 15);
        var plan = BootPlan.For(batch, agentTimeout);
        var append = plan.KernelCommandLine(_settings.KernelLogLevel, tcg: accel == "tcg");
        // The runner bounds the whole batch by the sum of its cells' timeouts; the guest gets slightly less, so its own
        // timeout (with the console tail) fires first and QEMU is killed before the runner gives up on the attempt.
        var sum = Math.Min(batch.Sum(c => (double)c.TimeoutSeconds), Math.Max(_settings.MaxBatchSeconds, batch.Max(c => c.TimeoutSeconds)));
        // Nor can a healthy guest need more than a generous boot allowance plus the agent's own bound per variant
        // (it gives up on a family after TimeoutSeconds, on a variant after TimeoutSeconds * families + 10).
        var guestBound = BootAllowanceSeconds + plan.Plan.Variants.Sum(v => (double)agentTimeout * v.Families.Count + 10);
        var timeout = TimeSpan.FromSeconds(Math.Min(sum - Math.Min(5, sum / 10), guestBound));

        var logDir = context.LogDir(first.Id);
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
            InitramfsBuilder.WriteWithPlan(initramfs, planJson, bootInitramfs);
            var machine = new QemuMachine(boot.Path, bootInitramfs, append, accel, _settings.MemoryMb, _settings.Cpus, console, results, timeout,
                Sandbox: await _qemu.SupportsSandboxAsync(cancellationToken));
            await File.WriteAllTextAsync(Path.Combine(logDir, "qemu-args.txt"), string.Join('\n', machine.Arguments()) + "\n", cancellationToken);
            foreach (var cell in batch) context.ReportStage(cell.Id, CellStage.Booting);
            using (await BootSlots.AcquireAsync(_settings.MemoryMb, cancellationToken))
                outcome = await _qemu.RunAsync(machine, cancellationToken, new ResultsWatch(results).Complete);
            resultsText = ConsoleLog.Read(results);
        }
        finally
        {
            work.Delete(recursive: true);
        }

        var consoleText = ConsoleLog.Read(console);
        if (File.Exists(console)) foreach (var cell in batch.Skip(1)) File.Copy(console, Path.Combine(context.LogDir(cell.Id), "console.log"), overwrite: true);
        if (outcome.EndedOnResults)
            await File.WriteAllTextAsync(Path.Combine(logDir, "qemu-ended.txt"),
                $"QEMU stopped after {outcome.Duration.TotalSeconds:0.0} s: the guest's results were complete and verified (done or error frame)\n", cancellationToken);
        if (!string.IsNullOrWhiteSpace(outcome.StandardError))
            await File.WriteAllTextAsync(Path.Combine(logDir, "qemu-stderr.txt"), outcome.StandardError, cancellationToken);

        if (outcome.TimedOut)
            throw new InfrastructureException(first.Id, $"timeout: the guest did not power off within {timeout.TotalSeconds:0} s (killed)",
                logExcerpt: ConsoleLog.Tail(consoleText));

        var frames = ResultFrame.Decode(resultsText, out var damaged);
        if ((outcome.ExitCode == 0 || outcome.EndedOnResults) && frames.Count > 0) await BootHistory.RecordAsync(context.CacheDir, first.KernelSource, outcome.Duration, cancellationToken);
        var reports = new Dictionary<string, AgentReport>(StringComparer.Ordinal);
        var done = false;
        string? agentError = null;
        var programs = new List<string>();
        foreach (var frame in frames)
        {
            using var doc = JsonDocument.Parse(frame);
            // Programs the initramfs asked the init to run beside the agent (init-extras.json: the differential tests).
            if (doc.RootElement.TryGetProperty("program", out _)) programs.Add(doc.RootElement.GetRawText());
            else if (doc.RootElement.TryGetProperty("done", out _)) done = true;
            else if (doc.RootElement.TryGetProperty("error", out var error)) agentError = error.GetString();
            else if (JsonSerializer.Deserialize(frame, ContractJson.Default.AgentReport) is { Variant: { } variant } report) reports[variant] = report;
        }

        if (programs.Count > 0)
            await File.WriteAllLinesAsync(Path.Combine(logDir, ProgramsLog), programs, cancellationToken);
        if (agentError is not null)
            throw new InfrastructureException(first.Id, "the agent failed in the guest: " + agentError, logExcerpt: ConsoleLog.Tail(consoleText));

        // A panic is an infrastructure failure with its lines: the runner retries it (under TCG some kernels oops at random
        // during boot, see docs/vm.md) and reports infra-error with these lines when the retries are used up.
        if (ConsoleLog.PanicLines(consoleText) is { } panic && !done)
        {
            var line = panic.Split('\n').First(l => l.Contains("Kernel panic", StringComparison.Ordinal)).Trim();
            throw new InfrastructureException(first.Id, "kernel panic: " + line[line.IndexOf("Kernel panic", StringComparison.Ordinal)..], outcome.ExitCode, panic);
        }

        if (frames.Count == 0 && outcome.ExitCode is not 0)
            throw new InfrastructureException(first.Id, $"qemu exited with {outcome.ExitCode}: {outcome.StandardError.Trim()}", outcome.ExitCode,
                ConsoleLog.Tail(consoleText));

        var list = new List<CellResult>();
        foreach (var cell in batch)
        {
            var variant = plan.VariantOfCell[cell.Id];
            var family = reports.GetValueOrDefault(variant)?.Families.FirstOrDefault(f => f.Family == cell.Family);
            if (family is null)
            {
                throw new InfrastructureException(cell.Id,
                    $"no result for variant '{variant}' family {cell.Family} came back from the guest ({frames.Count} intact frames, {damaged} damaged, " +
                    $"{(done ? "agent finished" : "agent did not finish")}, qemu exit {outcome.ExitCode})",
                    outcome.ExitCode, ConsoleLog.Tail(consoleText));
            }
        }

        foreach (var cell in batch)
        {
            var full = reports[plan.VariantOfCell[cell.Id]];
            var family = full.Families.First(f => f.Family == cell.Family);
            var report = full with { Families = [family], Verdict = family.Verdict };
            AgentVerdicts.EnsureSysctlsApplied(cell, report, $"the guest's network namespace of variant '{report.Variant}'", outcome.ExitCode, ConsoleLog.Tail(consoleText));
            var (status, reason) = AgentVerdicts.ToCellStatus(report);
            var result = Result(cell, context, started, status, reason, report, image, accel, qemuVersion);
            list.Add(result with { Provenance = result.Provenance with { BootEntry = boot.Entry } });
            context.ReportStage(cell.Id, CellStage.Done);
        }

        return list;
    }

    private IReadOnlyList<CellResult> Finish(IReadOnlyList<CellSpec> batch, RunContext context, DateTimeOffset started, CellStatus status, string reason,
        AgentReport? report, KernelImage? image, string accel, string? qemuVersion)
    {
        var list = batch.Select(cell => Result(cell, context, started, status, reason, report, image, accel, qemuVersion)).ToList();
        foreach (var cell in batch) context.ReportStage(cell.Id, CellStage.Done);
        return list;
    }

    private CellResult Result(CellSpec cell, RunContext context, DateTimeOffset started, CellStatus status, string? reason, AgentReport? report,
        KernelImage? image, string accel, string? qemuVersion) =>
        BootedKernelResult.Create(Name, cell, context, started, status, reason, report, image, accel, qemuVersion);
}
