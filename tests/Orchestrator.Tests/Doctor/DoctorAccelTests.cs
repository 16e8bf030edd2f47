using MptcpMatrix.Orchestrator.Backends.Vm;
using MptcpMatrix.Orchestrator.Commands;
using MptcpMatrix.Orchestrator.Tests.Support;

namespace MptcpMatrix.Orchestrator.Tests.Doctor;

/// <summary>
/// <c>matrix doctor</c>'s accel line runs the vm backend's own accel selection: a fake <c>qemu-system-x86_64</c> (a script
/// that answers <c>--version</c> (also after <c>-sandbox …</c>, as QEMU's identification asks) and then either hangs like a KVM guest that never runs, or prints the end-of-boot panic
/// like a working one) stands in for QEMU.
/// </summary>
public sealed class DoctorAccelTests : IDisposable
{
    private const string FakeQemu = """
        #!/bin/sh
        dir=$(dirname "$0")
        case " $* " in *" --version "*|*" -version "*) echo "QEMU emulator version 9.9.9 (fake)"; exit 0;; esac
        echo "$*" >> "$dir/argv.log"
        console=
        while [ $# -gt 0 ]; do
          case "$1" in -serial) console=${2#file:}; shift;; esac
          shift
        done
        case "$(cat "$dir/mode")" in
          hang) exec sleep 60;;
          panic) echo "Kernel panic - not syncing: VFS: Unable to mount root fs" > "$console"; exit 0;;
        esac
        """;

    private readonly TempDir _dir = new();
    private readonly string _qemu;
    private readonly string _cache;
    private readonly string _kernel;

    public DoctorAccelTests()
    {
        _qemu = _dir.File("bin/qemu-system-x86_64", FakeQemu);
        File.SetUnixFileMode(_qemu, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _cache = _dir.Sub("cache");
        _kernel = _dir.File("vmlinuz", "not really a kernel; the fake qemu does not read it");
    }

    public void Dispose() => _dir.Dispose();

    private Task<DoctorFinding> Describe(string mode, string? requested = "auto", bool kvmOpens = true, string? kernel = "")
    {
        File.WriteAllText(Path.Combine(_dir.Path, "bin", "mode"), mode);
        return DoctorAccel.DescribeAsync(requested, new QemuRunner(_qemu), _cache, kernel == "" ? _kernel : kernel,
            () => kvmOpens ? (true, "/dev/kvm opens") : (false, "/dev/kvm does not exist"), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_KVM_guest_that_never_answers_shows_tcg_with_the_probe_timeout_and_a_nested_virtualisation_hint()
    {
        var finding = await Describe("hang");

        Assert.False(finding.Ok);
        Assert.StartsWith("accel: tcg (a KVM probe boot did not finish in 4 s", finding.Detail);
        Assert.DoesNotContain("using TCG", finding.Detail);
        Assert.Contains("nested virtualisation", finding.Fix);
        Assert.Contains("-accel kvm", File.ReadAllText(Path.Combine(_dir.Path, "bin", "argv.log")));
    }

    [Fact]
    public async Task The_decision_is_the_one_the_vm_backend_remembers_so_a_second_doctor_does_not_probe_again()
    {
        await Describe("hang");
        File.Delete(Path.Combine(_dir.Path, "bin", "argv.log"));

        var again = await Describe("panic");

        Assert.StartsWith("accel: tcg (remembered for this boot: a KVM probe boot did not finish in 4 s", again.Detail);
        Assert.False(File.Exists(Path.Combine(_dir.Path, "bin", "argv.log")), "the second doctor booted QEMU again");
        Assert.True(File.Exists(Path.Combine(_cache, "accel.json")));
    }

    [Fact]
    public async Task A_KVM_guest_that_boots_shows_kvm()
    {
        var finding = await Describe("panic");

        Assert.True(finding.Ok);
        Assert.StartsWith("accel: kvm (a KVM probe boot reached the kernel's end of boot", finding.Detail);
        Assert.Null(finding.Fix);
    }

    [Fact]
    public async Task No_kvm_device_shows_tcg_with_the_reason_and_the_nested_virtualisation_hint()
    {
        var finding = await Describe("panic", kvmOpens: false);

        Assert.False(finding.Ok);
        Assert.Equal("accel: tcg (/dev/kvm does not exist)", finding.Detail);
        Assert.Contains("nested virtualisation", finding.Fix);
        Assert.False(File.Exists(Path.Combine(_dir.Path, "bin", "argv.log")), "QEMU was booted without a usable /dev/kvm");
    }

    [Fact]
    public async Task Accel_tcg_in_matrix_yml_is_shown_as_configured_without_a_probe()
    {
        var finding = await Describe("panic", requested: "tcg");

        Assert.True(finding.Ok);
        Assert.Equal("accel: tcg (vm.accel: tcg in matrix.yml)", finding.Detail);
        Assert.False(File.Exists(Path.Combine(_dir.Path, "bin", "argv.log")));
    }

    [Fact]
    public async Task Forced_kvm_without_a_usable_device_is_missing_with_a_fix()
    {
        var finding = await Describe("panic", requested: "kvm", kvmOpens: false);

        Assert.False(finding.Ok);
        Assert.Contains("vm.accel: kvm is forced but /dev/kvm does not exist", finding.Detail);
        Assert.NotNull(finding.Fix);
    }

    [Fact]
    public async Task Without_a_cached_kernel_the_line_says_the_probe_is_still_to_come_and_nothing_is_remembered()
    {
        var finding = await Describe("hang", kernel: null);

        Assert.StartsWith("accel: not decided yet", finding.Detail);
        Assert.Contains("kernels pull", finding.Fix);
        Assert.False(File.Exists(Path.Combine(_cache, "accel.json")));
    }

    [Fact]
    public void The_cached_kernel_is_found_in_an_intact_cache_entry_only()
    {
        Assert.Null(DoctorAccel.CachedKernel(_cache));
        var entry = Path.Combine(_cache, "kernels", new string('a', 64));
        Directory.CreateDirectory(entry);
        File.WriteAllText(Path.Combine(entry, "vmlinuz"), "x");

        Assert.Null(DoctorAccel.CachedKernel(_cache)); // no manifest: not an entry the cache vouches for
    }
}
