namespace MptcpMatrix.Orchestrator.Backends.Container;

/// <summary>Settings of the container backend.</summary>
/// <param name="Endpoint">Engine endpoint (<c>unix:///path</c> or <c>tcp://host:port</c>); null = <c>DOCKER_HOST</c>, else the default socket.</param>
/// <param name="RunId">Labels every container of this run (<c>mptcpmatrix.run</c>).</param>
/// <param name="MemoryBytes">Memory limit of a cell's container.</param>
/// <param name="PidsLimit">Process limit of a cell's container.</param>
/// <param name="BaseSource">Local rootfs (default; no registry traffic) or registry Dockerfiles.</param>
/// <param name="DebianMirror">Mirror for debootstrap; null = this machine's apt sources.</param>
/// <param name="DebianSuite">Suite of the debian userspace.</param>
/// <param name="EngineTimeout">Bound for short engine calls (ping, version, create, remove).</param>
internal sealed record ContainerOptions(
    string? Endpoint = null,
    string? RunId = null,
    long MemoryBytes = 256L * 1024 * 1024,
    long PidsLimit = 64,
    ContainerBaseSource BaseSource = ContainerBaseSource.Local,
    string? DebianMirror = null,
    string DebianSuite = "bookworm",
    TimeSpan? EngineTimeout = null)
{
    public const string BaseSourceVariable = "MPTCPMATRIX_CONTAINER_BASE";

    public TimeSpan ShortTimeout => EngineTimeout ?? TimeSpan.FromSeconds(15);

    /// <summary>
    /// Defaults, with the base source from <c>MPTCPMATRIX_CONTAINER_BASE</c> (local|registry) when set, else matrix.yml's
    /// <c>container: base</c> (<paramref name="configuredBase"/>), else local: registry pulls are always opted into, never detected.
    /// </summary>
    public static ContainerOptions FromEnvironment(string? runId = null, string? debianMirror = null, string? configuredBase = null)
    {
        var chosen = Environment.GetEnvironmentVariable(BaseSourceVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : configuredBase;
        return new(
            RunId: runId,
            DebianMirror: debianMirror,
            BaseSource: string.Equals(chosen, "registry", StringComparison.OrdinalIgnoreCase) ? ContainerBaseSource.Registry : ContainerBaseSource.Local);
    }
}
