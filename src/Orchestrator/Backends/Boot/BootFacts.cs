using MptcpMatrix.Orchestrator.Kernels;

namespace MptcpMatrix.Orchestrator.Backends.Boot;

/// <summary>What a booted cell's provenance says of its boot, as far as the batch got (a skipped batch knows no kernel yet).</summary>
/// <param name="Image">The kernel, once resolved.</param>
/// <param name="Accel"><c>kvm</c> or <c>tcg</c> once decided, else <c>none</c>.</param>
/// <param name="QemuVersion">QEMU's version, once known.</param>
/// <param name="VirtmeVersion">virtme-ng's version (virtme backend).</param>
/// <param name="BootEntry">How the kernel was entered (vm backend: PVH or bzImage).</param>
internal sealed record BootFacts(KernelImage? Image = null, string Accel = "none", string? QemuVersion = null, string? VirtmeVersion = null,
    string? BootEntry = null);
