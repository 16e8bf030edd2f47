namespace MptcpMatrix.Orchestrator.Backends.Vm;

/// <summary>
/// <c>&lt;cache&gt;/qemu/&lt;hash of the path&gt;.json</c>: what one QEMU binary said about itself (version, seccomp sandbox),
/// with the binary's size and mtime then: while both are unchanged the answer is the binary's, and no QEMU is started to
/// ask again (an upgrade or a rebuilt binary changes them and is asked anew).
/// </summary>
internal sealed record QemuIdentity(string Binary, long Size, long MtimeTicks, string Version, bool Sandbox);
