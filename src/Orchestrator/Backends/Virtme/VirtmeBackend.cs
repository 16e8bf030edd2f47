using System.Text;
using System.Text.Json;
using CliWrap;
using MptcpMatrix.Contracts;
using MptcpMatrix.Orchestrator.Backends.Vm;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Kernels;

using MptcpMatrix.Orchestrator.Running;

namespace MptcpMatrix.Orchestrator.Backends.Virtme;

/// <summary>
/// <c>backend: virtme</c>: boots the kernel with virtme-ng (<c>vng --run &lt;kernel&gt; --exec ...</c>), which shares the host's
/// root filesystem with the guest over 9p, and runs the host build of the agent there, once per cell, each in a fresh network
/// namespace with its sysctls. One boot serves the whole batch. Reports come back through a <c>--rwdir</c> directory.
/// Before booting, a kernel virtme-ng cannot use (no 9p, e.g. Debian's cloud kernels) makes its cells <c>untestable</c>.
/// </summary>
public sealed class VirtmeBackend : IBackend
{
    public const string InstallHint =
        "install virtme-ng 1.35 and udev (see docs/vm.md: apt-get download virtme-ng from trixie, then apt-get install " +
        "python3-argcomplete python3-pkg-resources python3-requests file kmod udev && dpkg -i virtme-ng_1.35-1_all.deb)";

    private readonly VmBackendOptions _options;
    private readonly QemuRunner _qemu;
    private readonly string _vng;
    private AccelSelector? _accel;

    public VirtmeBackend(VmBackendOptions? options = null, string vng = "vng")
    {
        _options = options ?? new VmBackendOptions();
        _qemu = new QemuRunner(_options.QemuBinary);
        _vng = vng;
    }

    /// <summary>The backend as matrix.yml configures it (<c>vm.memory</c>, <c>vm.cpus</c>, <c>debian.mirror</c>).</summary>
    public static VirtmeBackend FromConfig(Config.MatrixConfig config) =>
        new(new VmBackendOptions(MemoryMb: config.Vm.Memory, Cpus: config.Vm.Cpus, Mirror: config.Debian.Mirror, SecurityMirror: config.Debian.Security,
            MainlineUrl: config.Mainline.Url, MainlineKeyring: config.Mainline.Keyring));

    public string Name => "virtme";

    /// <summary>What is missing on this host for virtme-ng, or null when it can run.</summary>
    public string? Missing()
    {
        if (Tools.Which(_vng) is null) return $"'{_vng}' (virtme-ng) is not installed";
        if (Tools.Which("udevadm") is null) return "udev is not installed (virtme-ng's guest init needs it to find its virtio-serial ports)";
        if (Tools.Which(_qemu.Binary) is null) return $"{_qemu.Binary} is not installed (apt-get install {QemuRunner.Package})";
        return null;
    }

    public async Task<BackendProbe> ProbeAsync(CancellationToken cancellationToken)
    {
        if (Missing() is { } missing) return new BackendProbe(false, missing, InstallHint);
        var version = await VersionAsync(cancellationToken);
        return new BackendProbe(true, $"virtme-ng {version}", null, new Dictionary<string, string> { ["virtme-ng"] = version });
    }

    private async Task<string> VersionAsync(CancellationToken cancellationToken)
    {
        var output = new StringBuilder();
        await Cli.Wrap(Tools.Which(_vng)!).WithArguments(["--version"]).WithValidation(CommandResultValidation.None)
            .WithStandardOutputPipe(PipeTarget.ToStringBuilder(output)).WithStandardErrorPipe(PipeTarget.ToStringBuilder(output))
            .ExecuteAsync(cancellationToken);
        var text = output.ToString().Trim();
        return text.StartsWith("virtme-ng ", StringComparison.Ordinal) ? text["virtme-ng ".Length..] : text;
    }

    /// <summary>Why virtme-ng cannot boot this kernel, decided from its config before booting; null when it can (or the config is unknown).</summary>
    public static string? Unusable(KernelImage image)
    {
        if (image.Config is null) return null;
        var lines = File.ReadAllLines(image.Config);
        var p9 = KernelConfig.Value(lines, "CONFIG_9P_FS");
        var transport = KernelConfig.Value(lines, "CONFIG_NET_9P_VIRTIO");
        var what = image.Package ?? image.Source;
        if (p9 is not ("y" or "m") || transport is not ("y" or "m"))
        {
            return $"virtme-ng cannot boot {what}: it shares the host root over 9p, and this kernel has no 9p " +
                   $"(CONFIG_9P_FS={p9 ?? "not set"}, CONFIG_NET_9P_VIRTIO={transport ?? "not set"}; it would panic with \"Failed to mount real root\"). " +
                   "Debian's cloud kernels lack 9p: use flavour: generic (linux-image-*-amd64) for virtme cells";
        }

        if ((p9 == "m" || transport == "m") && image.ModulesDir is null)
            return $"virtme-ng cannot boot {what}: 9p is a module in this kernel and no modules directory is available (path kernels: set modules:)";
        return null;
    }

    public async Task<IReadOnlyList<CellResult>> RunAsync(IReadOnlyList<CellSpec> batch, RunContext context, CancellationToken cancellationToken)
    {
        if (batch.Count == 0) return [];
        var started = DateTimeOffset.UtcNow;
        var first = batch[0];
        if (batch.Any(c => c.KernelSource != first.KernelSource)) throw new ArgumentException("a virtme batch must share one kernel", nameof(batch));
        foreach (var cell in batch) context.ReportStage(cell.Id, CellStage.Preparing);

        if (Missing() is { } missing) return Finish(batch, context, started, CellStatus.Skipped, $"{missing}; {InstallHint}", null, "none", null, null);
        var vngVersion = await VersionAsync(cancellationToken);
        if (first.KernelSource.IsHost)
            return Finish(batch, context, started, CellStatus.Untestable, "the host kernel is tested by the host and container backends; virtme cells need a debian, path or url kernel", null, "none", vngVersion, null);

        KernelImage image;
        try
        {
            image = await new KernelResolver(new KernelCache(context.CacheDir), new KernelFetchOptions(_options.Mirror, SecurityMirror: _options.SecurityMirror,
                MainlineUrl: _options.MainlineUrl, MainlineKeyring: _options.MainlineKeyring)).ResolveAsync(first.KernelSource, cancellationToken);
        }
        catch (Exception e) when (KernelFailures.IsKernelFailure(e))
        {
            throw KernelFailures.ToInfrastructure(first, e);
        }

        if (!image.Mptcp.Testable) return Finish(batch, context, started, CellStatus.Untestable, image.Mptcp.Reason, image, "none", vngVersion, null);
        if (Unusable(image) is { } unusable) return Finish(batch, context, started, CellStatus.Untestable, unusable, image, "none", vngVersion, null);
        if (!File.Exists(context.Agent.Binary))
            throw new InfrastructureException(first.Id, $"the agent is not built ({context.Agent.Binary}); run scripts/build-agent.sh");

        _accel ??= new AccelSelector(_qemu, context.CacheDir);
        var accel = await _accel.ResolveAsync(first.Accel, image.Vmlinuz, cancellationToken);
        var qemuVersion = await _qemu.VersionAsync(cancellationToken);
        await EnsureModuleIndexAsync(image, context.CacheDir, cancellationToken);

        var work = TempDirs.Create("mptcpmatrix-virtme-");
        var logDir = context.LogDir(first.Id);
        var log = Path.Combine(logDir, "virtme.log");
        try
        {
            var kimg = LayoutRoot(work.FullName, image);
            var outDir = Directory.CreateDirectory(Path.Combine(work.FullName, "out")).FullName;
            var agentTimeout = Math.Clamp(batch.Min(c => c.TimeoutSeconds) / 2, 2, 15);
            var script = new StringBuilder();
            for (var i = 0; i < batch.Count; i++)
            {
                var cell = batch[i];
                var args = new List<string> { context.Agent.Binary, "--family", cell.Family, "--variant", cell.Variant, "--new-netns", "--quiet",
                    "--timeout", agentTimeout.ToString(System.Globalization.CultureInfo.InvariantCulture), "--output", Path.Combine(outDir, $"{i}.json") };
                foreach (var (key, value) in cell.Sysctls.OrderBy(kv => kv.Key, StringComparer.Ordinal)) args.AddRange(["--sysctl", $"{key}={value}"]);
                foreach (var suite in cell.Suites) args.AddRange(["--suite", suite]);
                script.Append(string.Join(' ', args.Select(Quote))).Append($"; echo \"@@mptcpmatrix-cell {i} exit $?\"; ");
            }

            var vngArgs = new List<string> { "--run", kimg };
            if (accel == "tcg") vngArgs.Add("--disable-kvm");
            vngArgs.AddRange(["--cpus", _options.Cpus.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--memory", $"{_options.MemoryMb}M", "--rwdir", outDir, "--cwd", "/", "--exec", script.ToString()]);
            await File.WriteAllTextAsync(Path.Combine(logDir, "vng-args.txt"), string.Join('\n', vngArgs) + "\n", cancellationToken);

            var sum = batch.Sum(c => (double)c.TimeoutSeconds);
            var timeout = TimeSpan.FromSeconds(sum - Math.Min(5, sum / 10));
            foreach (var cell in batch) context.ReportStage(cell.Id, CellStage.Booting);
            var output = new StringBuilder();
            int? exit;
            bool timedOut;
            using (await BootSlots.AcquireAsync(_options.MemoryMb, cancellationToken))
                (exit, timedOut) = await RunVngAsync(vngArgs, output, timeout, cancellationToken);
            await File.WriteAllTextAsync(log, output.ToString(), CancellationToken.None);
            foreach (var cell in batch.Skip(1)) File.Copy(log, Path.Combine(context.LogDir(cell.Id), "virtme.log"), overwrite: true);
            var text = output.ToString();
            if (timedOut)
                throw new InfrastructureException(first.Id, $"timeout: virtme-ng did not finish within {timeout.TotalSeconds:0} s (killed)", logExcerpt: ConsoleLog.Tail(text));
            if (ConsoleLog.PanicLines(text) is { } panic)
                return Finish(batch, context, started, CellStatus.InfraError, "kernel panic under virtme-ng:\n" + panic, image, accel, vngVersion, qemuVersion);

            var results = new List<CellResult>();
            for (var i = 0; i < batch.Count; i++)
            {
                var cell = batch[i];
                var file = Path.Combine(outDir, $"{i}.json");
                if (!File.Exists(file))
                {
                    throw new InfrastructureException(cell.Id,
                        $"the agent left no report under virtme-ng (vng exit {exit}; {CellExit(text, i) ?? "the agent did not run"}): {ConsoleLog.Tail(text, 6)}",
                        exit, ConsoleLog.Tail(text));
                }

                var report = JsonSerializer.Deserialize(await File.ReadAllTextAsync(file, cancellationToken), ContractJson.Default.AgentReport)
                    ?? throw new InfrastructureException(cell.Id, "the agent's report is empty", exit);
                AgentVerdicts.EnsureSysctlsApplied(cell, report, "the virtme-ng guest's network namespace", exit, ConsoleLog.Tail(text));
                var (status, reason) = AgentVerdicts.ToCellStatus(report);
                results.Add(Result(cell, context, started, status, reason, report, image, accel, vngVersion, qemuVersion));
                context.ReportStage(cell.Id, CellStage.Done);
            }

            return results;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private async Task<(int? Exit, bool TimedOut)> RunVngAsync(IReadOnlyList<string> args, StringBuilder output, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var bound = new CancellationTokenSource(timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, bound.Token);
        var sink = PipeTarget.ToDelegate(line =>
        {
            lock (output) output.Append(line).Append('\n');
        });
        try
        {
            // vng needs a terminal-less stdin; it starts QEMU as a child, which CliWrap kills with the whole process tree.
            // Working directory "/": vng checks --rwdir's guest path (relative to the root) with os.path.exists from its cwd.
            var result = await Cli.Wrap(Tools.Which(_vng)!).WithArguments(args).WithValidation(CommandResultValidation.None).WithWorkingDirectory("/")
                .WithStandardInputPipe(PipeSource.Null).WithStandardOutputPipe(sink).WithStandardErrorPipe(sink)
                .ExecuteAsync(linked.Token);
            return (result.ExitCode, false);
        }
        catch (OperationCanceledException) when (bound.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return (null, true);
        }
    }

    private static string? CellExit(string output, int index)
    {
        var marker = $"@@mptcpmatrix-cell {index} exit ";
        var line = output.Split('\n').FirstOrDefault(l => l.Contains(marker, StringComparison.Ordinal));
        return line is null ? null : "agent exit " + line[(line.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..].Trim();
    }

    /// <summary>POSIX shell single-quoting (vng's --exec is run by a shell in the guest).</summary>
    public static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>
    /// vng finds a kernel's modules at <c>&lt;root&gt;/lib/modules/&lt;release&gt;</c> by walking up from the image's path,
    /// so the image is presented as <c>&lt;work&gt;/root/boot/vmlinuz-&lt;release&gt;</c> next to a link to its modules.
    /// </summary>
    private static string LayoutRoot(string work, KernelImage image)
    {
        var root = Path.Combine(work, "root");
        Directory.CreateDirectory(Path.Combine(root, "boot"));
        var kimg = Path.Combine(root, "boot", "vmlinuz-" + image.Release);
        File.CreateSymbolicLink(kimg, image.Vmlinuz);
        if (image.ModulesDir is not null)
        {
            Directory.CreateDirectory(Path.Combine(root, "lib", "modules"));
            var modules = Path.Combine(root, "lib", "modules", image.Release);
            if (image.PackageSha256 is not null)
            {
                // A cache entry (ours, its modules.dep built under its lock): linked whole.
                Directory.CreateSymbolicLink(modules, image.ModulesDir);
            }
            else
            {
                // The user's modules: directory (a path kernel) is never written to. vng runs depmod when modules.dep is
                // missing, which writes modules.dep, .alias, .symbols ... into the directory: make that directory this
                // boot's own, each entry of the user's a symlink (depmod follows them), so those files land here.
                Directory.CreateDirectory(modules);
                foreach (var entry in Directory.EnumerateFileSystemEntries(image.ModulesDir))
                {
                    var link = Path.Combine(modules, Path.GetFileName(entry));
                    if (Directory.Exists(entry)) Directory.CreateSymbolicLink(link, entry);
                    else File.CreateSymbolicLink(link, entry);
                }
            }
        }

        return kimg;
    }

    /// <summary>Debian's .deb ships no modules.dep: build it once in the cache entry (under its lock) so vng does not race on it.</summary>
    private static async Task EnsureModuleIndexAsync(KernelImage image, string cacheDir, CancellationToken cancellationToken)
    {
        if (image.ModulesDir is null || File.Exists(Path.Combine(image.ModulesDir, "modules.dep")) || image.PackageSha256 is null) return;
        var cache = new KernelCache(cacheDir);
        using var held = await cache.LockAsync(image.PackageSha256, cancellationToken);
        if (File.Exists(Path.Combine(image.ModulesDir, "modules.dep"))) return;
        var root = Path.GetFullPath(Path.Combine(image.ModulesDir, "..", "..", ".."));
        await Tools.RunAsync(image.Source, "depmod", ["-b", root, image.Release], cancellationToken, installHint: "apt-get install kmod");
    }

    private IReadOnlyList<CellResult> Finish(IReadOnlyList<CellSpec> batch, RunContext context, DateTimeOffset started, CellStatus status, string reason,
        KernelImage? image, string accel, string? vngVersion, string? qemuVersion)
    {
        var list = batch.Select(c => Result(c, context, started, status, reason, null, image, accel, vngVersion, qemuVersion)).ToList();
        foreach (var cell in batch) context.ReportStage(cell.Id, CellStage.Done);
        return list;
    }

    private CellResult Result(CellSpec cell, RunContext context, DateTimeOffset started, CellStatus status, string? reason, AgentReport? report,
        KernelImage? image, string accel, string? vngVersion, string? qemuVersion) =>
        BootedKernelResult.Create(Name, cell, context, started, status, reason, report, image, accel, qemuVersion, vngVersion);
}
