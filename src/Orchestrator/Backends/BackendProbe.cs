namespace MptcpMatrix.Orchestrator.Backends;

/// <summary>What <see cref="IBackend.ProbeAsync"/> found.</summary>
/// <param name="Available">True when cells of this backend can run here.</param>
/// <param name="Detail">What was found (versions) or what is missing.</param>
/// <param name="Fix">The command that fixes a missing piece (null when available).</param>
/// <param name="Versions">Versions for provenance, e.g. <c>qemu</c>, <c>docker-api</c>.</param>
internal sealed record BackendProbe(
    bool Available,
    string Detail,
    string? Fix = null,
    IReadOnlyDictionary<string, string>? Versions = null);
