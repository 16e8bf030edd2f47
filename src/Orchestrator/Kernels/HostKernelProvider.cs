using MptcpMatrix.Orchestrator.Cells;

namespace MptcpMatrix.Orchestrator.Kernels;

/// <summary><c>source: host</c> is the orchestrator's own running kernel: the host and container backends test it; it cannot be booted.</summary>
internal sealed class HostKernelProvider : IKernelProvider
{
    public string Kind => "host";

    public Task<KernelImage> ResolveAsync(KernelSource source, KernelFetchOptions options, CancellationToken cancellationToken) =>
        throw new KernelException("host",
            "the host kernel is the running kernel and cannot be booted in a VM; use source: debian, path or url for the vm and virtme backends " +
            "(or restrict this kernel with backends: [host, container])");
}
