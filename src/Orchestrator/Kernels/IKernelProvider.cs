using MptcpMatrix.Orchestrator.Cells;

namespace MptcpMatrix.Orchestrator.Kernels;

/// <summary>Turns a matrix.yml kernel source of one kind into a verified kernel image on local disk.</summary>
internal interface IKernelProvider
{
    /// <summary>The <see cref="KernelSource.Kind"/> it handles: <c>debian</c>, <c>path</c>, <c>url</c>, <c>mainline</c> or <c>host</c>.</summary>
    string Kind { get; }

    Task<KernelImage> ResolveAsync(KernelSource source, KernelFetchOptions options, CancellationToken cancellationToken);
}
