namespace MptcpMatrix.Orchestrator.Backends.Vm;

/// <summary><c>&lt;cache&gt;/pvh/&lt;sha&gt;.vmlinux.json</c>: the extracted image's SHA-256, and the size and mtime it had when last hashed.</summary>
internal sealed record PvhStamp(string Sha256, long Size, long MtimeTicks);
