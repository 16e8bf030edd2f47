namespace MptcpMatrix.Orchestrator.Backends.Container;

/// <summary>What the engine's version endpoint said, for provenance.</summary>
internal sealed record EngineInfo(string Endpoint, string ServerVersion, string ApiVersion, string? KernelVersion);
