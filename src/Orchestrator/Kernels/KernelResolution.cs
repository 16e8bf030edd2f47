namespace MptcpMatrix.Orchestrator.Kernels;

/// <summary><c>&lt;cache&gt;/kernels/resolved/&lt;hash&gt;.json</c>: which cache entry a source (e.g. <c>debian:bookworm</c>) resolved to, and when.</summary>
internal sealed record KernelResolution(string Source, string Key, string Package, DateTimeOffset ResolvedAt, string? Pocket = null);
