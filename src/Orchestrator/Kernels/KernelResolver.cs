using MptcpMatrix.Orchestrator.Cells;

namespace MptcpMatrix.Orchestrator.Kernels;

/// <summary>Dispatches a kernel source to the provider of its kind.</summary>
internal sealed class KernelResolver
{
    private readonly Dictionary<string, IKernelProvider> _providers;

    public KernelResolver(KernelCache cache, KernelFetchOptions? options = null, IEnumerable<IKernelProvider>? providers = null)
    {
        Cache = cache;
        Options = options ?? KernelFetchOptions.Default;
        _providers = (providers ?? [new DebianKernelProvider(cache), new PathKernelProvider(), new UrlKernelProvider(cache), new MainlineKernelProvider(cache), new BuildKernelProvider(cache), new HostKernelProvider()])
            .ToDictionary(p => p.Kind, StringComparer.Ordinal);
    }

    public KernelCache Cache { get; }
    public KernelFetchOptions Options { get; }

    public Task<KernelImage> ResolveAsync(KernelSource source, CancellationToken cancellationToken) =>
        _providers.TryGetValue(source.Kind, out var provider)
            ? provider.ResolveAsync(source, Options, cancellationToken)
            : throw new KernelException(source.ToString(), $"unknown kernel source '{source.Kind}'; valid: {string.Join(", ", _providers.Keys.Order(StringComparer.Ordinal))}");
}
