namespace MptcpMatrix.Orchestrator.Kernels;

/// <summary>
/// <c>&lt;cache&gt;/kernels/&lt;key&gt;/manifest.json</c>: what a cache entry holds and the hashes that prove it is intact.
/// The key is the SHA-256 of what was downloaded (the .deb, or the image for <c>url</c> kernels). <c>Pocket</c> is the
/// archive suite a Debian package came from (<c>bookworm-security</c>), null for other sources and older entries.
/// </summary>
internal sealed record KernelManifest(
    int SchemaVersion,
    string Key,
    string Source,
    string Release,
    string VmlinuzSha256,
    string? ConfigSha256,
    string? Package,
    string? Version,
    string? Flavour,
    int ModuleFiles,
    long ModuleBytes,
    DateTimeOffset FetchedAt,
    string? Pocket = null)
{
    public const int CurrentSchemaVersion = 1;
}
