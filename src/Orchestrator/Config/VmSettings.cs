using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace MptcpMatrix.Orchestrator.Config;

/// <summary><c>vm:</c> settings of the QEMU backend.</summary>
internal sealed record VmSettings
{
    [AllowedValues("auto", "kvm", "tcg")]
    [Description("auto = KVM when /dev/kvm works, else TCG.")]
    public string Accel { get; init; } = "auto";

    [Range(128, 65536)]
    [Description("Guest memory in MiB.")]
    public int Memory { get; init; } = 512;

    [Range(1, 64)]
    public int Cpus { get; init; } = 1;

    [AllowedValues("pvh", "bzimage")]
    [Description("pvh = start the uncompressed vmlinux through its PVH entry when the kernel has one (extracted once into the cache), else the bzImage; bzimage = always the bzImage.")]
    public string Boot { get; init; } = "pvh";

    [Description("One VM boot per kernel runs all of its cells (each in its own network namespace).")]
    public bool Batch { get; init; } = true;
}
