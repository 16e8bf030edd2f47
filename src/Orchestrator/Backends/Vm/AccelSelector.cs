using System.Text.Json;

namespace MptcpMatrix.Orchestrator.Backends.Vm;

/// <summary>
/// Picks QEMU's accelerator. <c>kvm</c> and <c>tcg</c> are taken as asked. <c>auto</c> uses KVM only when <c>/dev/kvm</c>
/// opens and a probe boot on KVM prints to its console within <see cref="ProbeBound"/> (some hosts expose /dev/kvm but a
/// guest on it never runs); otherwise TCG. The decision is remembered for this host boot (<c>&lt;cache&gt;/accel.json</c>,
/// keyed by boot id and QEMU version) so later runs skip the probe.
/// </summary>
internal sealed class AccelSelector(QemuRunner qemu, string cacheDir)
{
    public static readonly TimeSpan ProbeBound = TimeSpan.FromSeconds(4);
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private string? _decided;

    /// <summary>Why the last <c>auto</c> decision was made (for logs and docs).</summary>
    public string? Reason { get; private set; }

    public async Task<string> ResolveAsync(string? requested, string probeKernel, CancellationToken cancellationToken)
    {
        switch (requested ?? "auto")
        {
            case "tcg":
                return "tcg";
            case "kvm":
                if (!KvmUsable(out var why)) throw new InvalidOperationException($"vm.accel: kvm was forced but {why}; use accel: auto or tcg");
                return "kvm";
            case "auto":
                break;
            default:
                throw new ArgumentException($"unknown accel '{requested}'; valid: auto, kvm, tcg");
        }

        if (_decided is not null) return _decided;
        await Gate.WaitAsync(cancellationToken);
        try
        {
            if (_decided is not null) return _decided;
            if (!KvmUsable(out var why))
            {
                Reason = why;
                return _decided = "tcg";
            }

            var version = await qemu.VersionAsync(cancellationToken);
            var key = $"{BootId()}|{version}|probe-v2";
            var file = Path.Combine(cacheDir, "accel.json");
            if (ReadRemembered(file, key) is { } remembered)
            {
                Reason = "remembered for this boot: " + remembered.Reason;
                return _decided = remembered.Accel;
            }

            var (works, detail) = await ProbeAsync(probeKernel, cancellationToken);
            Reason = detail;
            _decided = works ? "kvm" : "tcg";
            Remember(file, key, _decided, detail);
            return _decided;
        }
        finally
        {
            Gate.Release();
        }
    }

    public static bool KvmUsable(out string why)
    {
        if (!File.Exists("/dev/kvm"))
        {
            why = "/dev/kvm does not exist";
            return false;
        }

        try
        {
            using var kvm = new FileStream("/dev/kvm", FileMode.Open, FileAccess.ReadWrite);
            why = "/dev/kvm opens";
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            why = "/dev/kvm cannot be opened: " + e.Message;
            return false;
        }
    }

    /// <summary>
    /// Boots the kernel on KVM with no initramfs and no root: a working KVM gets through the whole kernel boot to the
    /// "VFS: Unable to mount root fs" panic and QEMU exits (<c>panic=-1</c>, <c>-no-reboot</c>) well within the bound.
    /// Printing is not enough: on some hosts a KVM guest prints its early banner and then hangs.
    /// </summary>
    public async Task<(bool Works, string Detail)> ProbeAsync(string kernel, CancellationToken cancellationToken)
    {
        var dir = TempDirs.Create("mptcpmatrix-kvmprobe-");
        try
        {
            var console = Path.Combine(dir.FullName, "console.log");
            var machine = new QemuMachine(kernel, null, "console=ttyS0 panic=-1 loglevel=4", "kvm", 256, 1, console, null, ProbeBound);
            var outcome = await qemu.RunAsync(machine, cancellationToken);
            var text = ConsoleLog.Read(console);
            if (!outcome.TimedOut && text.Contains("Kernel panic", StringComparison.Ordinal))
                return (true, $"a KVM probe boot reached the kernel's end of boot in {outcome.Duration.TotalSeconds:0.0} s");
            return (false, outcome switch
            {
                { TimedOut: true } => $"a KVM probe boot did not finish in {ProbeBound.TotalSeconds:0} s ({text.Length} console bytes): using TCG",
                _ => $"a KVM probe boot failed (exit {outcome.ExitCode}: {outcome.StandardError.Trim()}): using TCG",
            });
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static string BootId()
    {
        try
        {
            return File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim();
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static AccelDecision? ReadRemembered(string file, string key)
    {
        try
        {
            var decision = File.Exists(file) ? JsonSerializer.Deserialize(File.ReadAllText(file), VmJson.Default.AccelDecision) : null;
            return decision?.Key == key ? decision : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void Remember(string file, string key, string accel, string reason)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var temp = $"{file}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(new AccelDecision(key, accel, reason), VmJson.Default.AccelDecision));
        File.Move(temp, file, overwrite: true);
    }
}
