namespace MptcpMatrix.Orchestrator.Backends.Vm;

/// <summary>matrix.yml <c>vm:</c> and <c>debian:</c> settings the VM backend uses.</summary>
/// <param name="MemoryMb"><c>-m</c> per guest.</param>
/// <param name="Cpus"><c>-smp</c> per guest.</param>
/// <param name="Mirror"><c>debian.mirror</c> (null = the machine's apt sources).</param>
/// <param name="CompressInitramfs">gzip the initramfs (1.5 MB instead of 3.3 MB) or not (the default: no inflating in
/// the guest; under TCG the kernel unpacked the plain archive in ~0.10 s instead of ~0.16 s, as fast as the floor's tiny one).</param>
/// <param name="KernelLogLevel">Guest <c>loglevel=</c>; null keeps the kernel's default (every message in the console log).</param>
/// <param name="QemuBinary">Override of <c>qemu-system-x86_64</c> (tests use it to simulate a broken QEMU).</param>
/// <param name="Initramfs">A prebuilt initramfs instead of the agent's (fault tests boot small fixture inits with it).</param>
/// <param name="SecurityMirror"><c>debian.security</c> (null = the machine's apt sources, else the mirror's <c>-security</c>).</param>
/// <param name="MainlineUrl"><c>mainline.url</c>.</param>
/// <param name="MainlineKeyring"><c>mainline.keyring</c>.</param>
/// <param name="CacheDir">The run's cache (matrix.yml <c>cache</c>): QEMU's version and sandbox support are remembered
/// there per binary (<see cref="QemuIdentity"/>); null asks QEMU once per backend.</param>
/// <param name="Pvh">Boot through PVH when the kernel allows it (<see cref="PvhKernels"/>); false: always the bzImage.</param>
internal sealed record VmBackendOptions(
    int MemoryMb = 512,
    int Cpus = 1,
    string? Mirror = null,
    bool CompressInitramfs = false,
    int? KernelLogLevel = null,
    string? QemuBinary = null,
    string? Initramfs = null,
    bool Pvh = true,
    string? SecurityMirror = null,
    string? MainlineUrl = null,
    string? MainlineKeyring = null,
    string? CacheDir = null)
{
    /// <summary>The options matrix.yml gives (<c>vm.memory</c>, <c>vm.cpus</c>, <c>vm.boot</c>, <c>debian.*</c>, <c>mainline.*</c>).</summary>
    public static VmBackendOptions FromConfig(Config.MatrixConfig config) =>
        new(MemoryMb: config.Vm.Memory, Cpus: config.Vm.Cpus, Mirror: config.Debian.Mirror, Pvh: config.Vm.Boot == "pvh", SecurityMirror: config.Debian.Security,
            MainlineUrl: config.Mainline.Url, MainlineKeyring: config.Mainline.Keyring, CacheDir: config.ResolveCacheDir());
}
