namespace MptcpMatrix.Agent.Host;

/// <summary>The capabilities probes declare (linux/capability.h numbers).</summary>
internal enum Capability
{
    NetAdmin = 12,
    NetRaw = 13,
}
