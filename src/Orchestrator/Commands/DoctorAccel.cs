using MptcpMatrix.Orchestrator.Backends.Vm;
using MptcpMatrix.Orchestrator.Kernels;

namespace MptcpMatrix.Orchestrator.Commands;

/// <summary>
/// The <c>vm accel</c> line of <c>matrix doctor</c>: the accelerator the vm backend would use and why. It asks the
/// backend's own <see cref="AccelSelector"/> (so <c>auto</c> runs the same KVM probe boot a run does, or reads the decision
/// the selector remembered for this host boot), not just whether <c>/dev/kvm</c> exists.
/// </summary>
internal static class DoctorAccel
{
    public const string Name = "vm accel";

    public const string PermissionFix = "run as root or add the user to the kvm group (sudo usermod -aG kvm $USER; log in again)";

    public const string NestedFix =
        "KVM does not run guests here: enable nested virtualisation on the host (kvm_intel/kvm_amd nested=1, or the cloud VM's " +
        "nested-virtualisation option) or run on bare metal; TCG works but is slower (vm.accel: tcg skips the probe)";

    /// <param name="requested">matrix.yml <c>vm.accel</c> (auto, kvm, tcg).</param>
    /// <param name="qemu">The QEMU the vm backend runs (must be installed).</param>
    /// <param name="cacheDir">The run's cache directory (where the selector remembers its decision).</param>
    /// <param name="probeKernel">A bootable kernel for the probe boot; null when none is cached yet.</param>
    /// <param name="kvmUsable">Whether <c>/dev/kvm</c> opens, and why not (tests substitute it).</param>
    public static async Task<DoctorFinding> DescribeAsync(string? requested, QemuRunner qemu, string cacheDir, string? probeKernel,
        Func<(bool Usable, string Why)> kvmUsable, CancellationToken cancellationToken)
    {
        requested ??= "auto";
        var (usable, why) = kvmUsable();
        switch (requested)
        {
            case "tcg":
                return new DoctorFinding(Name, true, "accel: tcg (vm.accel: tcg in matrix.yml)");
            case "kvm":
                return usable
                    ? new DoctorFinding(Name, true, $"accel: kvm (vm.accel: kvm in matrix.yml; {why})")
                    : new DoctorFinding(Name, false, $"accel: none (vm.accel: kvm is forced but {why})", KvmFix(why));
            case "auto":
                break;
            default:
                return new DoctorFinding(Name, false, $"vm.accel: '{requested}' is not valid (auto, kvm, tcg)", "set vm.accel: auto in matrix.yml");
        }

        if (!usable) return new DoctorFinding(Name, false, $"accel: tcg ({why})", KvmFix(why));
        if (probeKernel is null || !File.Exists(probeKernel))
            return new DoctorFinding(Name, true,
                "accel: not decided yet (/dev/kvm opens; the first vm run probe-boots a kernel on KVM: no kernel is cached to probe with now)",
                "./matrix kernels pull, then ./matrix doctor again to see the probe's result");

        var selector = new AccelSelector(qemu, cacheDir);
        var accel = await selector.ResolveAsync("auto", probeKernel, cancellationToken).ConfigureAwait(false);
        var reason = Describe(selector.Reason ?? why);
        return accel == "kvm"
            ? new DoctorFinding(Name, true, $"accel: kvm ({reason})")
            : new DoctorFinding(Name, false, $"accel: tcg ({reason})", NestedFix);
    }

    /// <summary>A bootable kernel from the cache (the newest entry), or null.</summary>
    public static string? CachedKernel(string cacheDir)
    {
        var kernels = new KernelCache(cacheDir).KernelsDir;
        if (!Directory.Exists(kernels)) return null;
        return Directory.GetDirectories(kernels)
            .Where(d => Hashing.IsSha256(Path.GetFileName(d)) && KernelCache.ReadManifest(d) is not null)
            .Select(d => Path.Combine(d, "vmlinuz"))
            .Where(File.Exists)
            .OrderByDescending(File.GetLastWriteTimeUtc)
            .FirstOrDefault();
    }

    private static string KvmFix(string why) =>
        why.Contains("does not exist", StringComparison.Ordinal)
            ? "no /dev/kvm: " + NestedFix + " (and modprobe kvm_intel or kvm_amd)"
            : PermissionFix;

    // The selector's reasons end in ": using TCG", which the line already says.
    private static string Describe(string reason) =>
        reason.EndsWith(": using TCG", StringComparison.Ordinal) ? reason[..^": using TCG".Length] : reason;
}
