namespace MptcpMatrix.Orchestrator.Backends.Vm;

/// <summary>What QEMU's <c>-kernel</c> gets for a boot, and why.</summary>
/// <param name="Path">The image file.</param>
/// <param name="Entry"><c>pvh</c> (the uncompressed ELF vmlinux through its PVH entry point) or <c>bzimage</c>.</param>
/// <param name="Why">Why the bzImage was used, or where the vmlinux came from.</param>
internal sealed record BootKernel(string Path, string Entry, string Why)
{
    public const string Pvh = "pvh";
    public const string BzImage = "bzimage";
}
