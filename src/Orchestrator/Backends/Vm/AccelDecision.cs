namespace MptcpMatrix.Orchestrator.Backends.Vm;

/// <summary><c>&lt;cache&gt;/accel.json</c>: the <c>auto</c> decision for one host boot and QEMU version.</summary>
internal sealed record AccelDecision(string Key, string Accel, string Reason);
