using System.Globalization;
using System.Text;
using System.Text.Json;
using CliWrap;
using MptcpMatrix.Contracts;
using MptcpMatrix.Orchestrator.Backends.Boot;
using MptcpMatrix.Orchestrator.Backends.Vm;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Infrastructure;
using MptcpMatrix.Orchestrator.Kernels;

namespace MptcpMatrix.Orchestrator.Backends.Virtme;

/// <summary>
/// <c>backend: virtme</c>: boots the kernel with virtme-ng (<c>vng --run &lt;kernel&gt; --exec ...</c>), which shares the host's
/// root filesystem with the guest over 9p, and runs the host build of the agent there, once per cell, each in a fresh network
/// namespace with its sysctls. One boot serves the whole batch. Reports come back through a <c>--rwdir</c> directory.
/// Before booting, a kernel virtme-ng cannot use (no 9p, e.g. Debian's cloud kernels) makes its cells <c>untestable</c>.
/// </summary>
internal sealed class VirtmeBackend(VmBackendOptions? options = null, string vng = "vng") : BootBackend(options)
{
    public const string InstallHint =
        "install virtme-ng 1.35 and udev (see docs/vm.md: apt-get download virtme-ng from trixie, then apt-get install " +
        "python3-argcomplete python3-pkg-resources python3-requests file kmod udev && dpkg -i virtme-ng_1.35-1_all.deb)";

    /// <summary>The backend as matrix.yml configures it (<c>vm.memory</c>, <c>vm.cpus</c>, <c>debian.mirror</c>).</summary>
    public static VirtmeBackend FromConfig(Config.MatrixConfig config) => new(VmBackendOptions.FromConfig(config));

    public override string Name => "virtme";

    /// <summary>What is missing on this host for virtme-ng, or null when it can run.</summary>
    public string? Missing()
    {
        if (HostProcess.Which(vng) is null) return $"'{vng}' (virtme-ng) is not installed";
        if (HostProcess.Which("udevadm") is null) return "udev is not installed (virtme-ng's guest init needs it to find its virtio-serial ports)";
        if (HostProcess.Which(Qemu.Binary) is null) return $"{Qemu.Binary} is not installed (apt-get install {QemuRunner.Package})";
        return null;
    }

    public override async Task<BackendProbe> ProbeAsync(CancellationToken cancellationToken)
    {
        if (Missing() is { } missing) return new BackendProbe(false, missing, InstallHint);
        var version = await VersionAsync(cancellationToken);
        return new BackendProbe(true, $"virtme-ng {version}", null, new Dictionary<string, string> { ["virtme-ng"] = version });
    }

    private async Task<string> VersionAsync(CancellationToken cancellationToken)
    {
        var output = new StringBuilder();
        await Cli.Wrap(HostProcess.Which(vng)!).WithArguments(["--version"]).WithValidation(CommandResultValidation.None)
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
        var p9 = KernelConfigFile.Value(lines, "CONFIG_9P_FS");
        var transport = KernelConfigFile.Value(lines, "CONFIG_NET_9P_VIRTIO");
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

    protected override async Task<BootTools> ToolsAsync(CancellationToken cancellationToken) =>
        Missing() is { } missing
            ? new BootTools($"{missing}; {InstallHint}")
            : new BootTools(null, await Qemu.VersionAsync(cancellationToken), await VersionAsync(cancellationToken));

    protected override Task<string?> UnbootableAsync(BootBatch batch, KernelImage image, CancellationToken cancellationToken)
    {
        if (Unusable(image) is { } unusable) return Task.FromResult<string?>(unusable);
        if (!File.Exists(batch.Context.Agent.Binary))
            throw new InfrastructureException(batch.First.Id, $"the agent is not built ({batch.Context.Agent.Binary}); run scripts/build-agent.sh");
        return Task.FromResult<string?>(null);
    }

    protected override async Task<GuestRun> BootAsync(BootBatch batch, KernelImage image, BootFacts facts, CancellationToken cancellationToken)
    {
        await EnsureModuleIndexAsync(image, batch.Context.CacheDir, cancellationToken);
        var work = TempDirs.Create("mptcpmatrix-virtme-");
        var log = Path.Combine(batch.LogDir, "virtme.log");
        try
        {
            var kimg = LayoutRoot(work.FullName, image);
            var outDir = Directory.CreateDirectory(Path.Combine(work.FullName, "out")).FullName;
            var vngArgs = new List<string> { "--run", kimg };
            if (facts.Accel == "tcg") vngArgs.Add("--disable-kvm");
            vngArgs.AddRange(["--cpus", Options.Cpus.ToString(CultureInfo.InvariantCulture),
                "--memory", $"{Options.MemoryMb}M", "--rwdir", outDir, "--cwd", "/", "--exec", Script(batch, outDir)]);
            await File.WriteAllTextAsync(Path.Combine(batch.LogDir, "vng-args.txt"), string.Join('\n', vngArgs) + "\n", cancellationToken);

            var timeout = batch.Budget.Guest;
            batch.ReportStage(CellStage.Booting);
            var output = new StringBuilder();
            int? exit;
            bool timedOut;
            using (await BootSlots.AcquireAsync(Options.MemoryMb, cancellationToken))
                (exit, timedOut) = await RunVngAsync(vngArgs, output, timeout, cancellationToken);
            await File.WriteAllTextAsync(log, output.ToString(), CancellationToken.None);
            foreach (var cell in batch.Cells.Skip(1)) File.Copy(log, Path.Combine(batch.Context.LogDir(cell.Id), "virtme.log"), overwrite: true);
            var text = output.ToString();
            if (timedOut)
                throw new InfrastructureException(batch.First.Id, $"timeout: virtme-ng did not finish within {timeout.TotalSeconds:0} s (killed)", logExcerpt: ConsoleLog.Tail(text));
            if (ConsoleLog.PanicLines(text) is { } panic) return GuestRun.Failed(CellStatus.InfraError, "kernel panic under virtme-ng:\n" + panic);

            var reports = new List<GuestReport>(batch.Cells.Count);
            for (var i = 0; i < batch.Cells.Count; i++)
            {
                var cell = batch.Cells[i];
                var file = Path.Combine(outDir, $"{i}.json");
                if (!File.Exists(file))
                {
                    throw new InfrastructureException(cell.Id,
                        $"the agent left no report under virtme-ng (vng exit {exit}; {CellExit(text, i) ?? "the agent did not run"}): {ConsoleLog.Tail(text, 6)}",
                        exit, ConsoleLog.Tail(text));
                }

                var report = JsonSerializer.Deserialize(await File.ReadAllTextAsync(file, cancellationToken), ContractJson.Default.AgentReport)
                    ?? throw new InfrastructureException(cell.Id, "the agent's report is empty", exit);
                reports.Add(new GuestReport(report, "the virtme-ng guest's network namespace"));
            }

            return new GuestRun(reports, exit, ConsoleLog.Tail(text));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>The guest's shell script: each cell's agent in turn, each followed by a marker line with its exit code.</summary>
    private static string Script(BootBatch batch, string outDir)
    {
        var script = new StringBuilder();
        for (var i = 0; i < batch.Cells.Count; i++)
        {
            var agent = AgentCells.Invocation(batch.Cells[i], batch.Budget.AgentSeconds) with { NewNetns = true, Quiet = true, Output = Path.Combine(outDir, $"{i}.json") };
            var args = agent.Arguments().Prepend(batch.Context.Agent.Binary);
            script.Append(string.Join(' ', args.Select(Quote))).Append($"; echo \"@@mptcpmatrix-cell {i} exit $?\"; ");
        }

        return script.ToString();
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
            var result = await Cli.Wrap(HostProcess.Which(vng)!).WithArguments(args).WithValidation(CommandResultValidation.None).WithWorkingDirectory("/")
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
}
