namespace MptcpMatrix.Orchestrator.Backends.Container;

/// <summary>An image that holds the agent bundle, ready for cells.</summary>
/// <param name="Tag">Content-addressed tag, e.g. <c>mptcpmatrix/agent:scratch-1a2b3c4d5e6f</c>.</param>
/// <param name="Userspace"><c>scratch</c>, <c>debian</c> or <c>alpine</c>.</param>
/// <param name="Base">What the userspace is made of, for provenance (e.g. <c>debootstrap bookworm</c>).</param>
/// <param name="BundleSha256">SHA-256 of the agent bundle tar inside.</param>
internal sealed record AgentImage(string Tag, string Userspace, string Base, string BundleSha256);
