namespace MptcpMatrix.Agent.Host;

/// <summary>
/// The agent's effective capabilities (capget(2)), as the kernel checks them for this network namespace: root of a
/// user namespace that owns the namespace has them all there (host cells of a normal user), a container's nobody
/// none. Probes that need one (<see cref="Capability"/>) say so instead of a verdict when it is missing.
/// </summary>
internal sealed record Capabilities(ulong Effective)
{
    /// <summary>Every capability: what the fault-injection tests' judges assume unless told otherwise.</summary>
    public static Capabilities All { get; } = new(ulong.MaxValue);

    public static Capabilities None { get; } = new(0UL);

    /// <summary>The calling thread's effective set; every capability when capget fails (the kernel then decides alone).</summary>
    public static unsafe Capabilities Read()
    {
        var header = new Interop.Sys.CapHeader { Version = Interop.Sys.LINUX_CAPABILITY_VERSION_3 };
        var data = stackalloc Interop.Sys.CapData[2];
        if (Interop.Sys.CapGet(&header, data) != 0)
        {
            return All;
        }

        return new(data[0].Effective | ((ulong)data[1].Effective << 32));
    }

    public bool Has(Capability c) => (Effective & (1UL << (int)c)) != 0;

    /// <summary>Whether any of <paramref name="needed"/> is effective.</summary>
    public bool HasAny(IReadOnlyList<Capability> needed) => needed.Any(Has);

    /// <summary>"CAP_NET_ADMIN or CAP_NET_RAW".</summary>
    public static string Names(IReadOnlyList<Capability> caps) => string.Join(" or ", caps.Select(Name));

    public static string Name(Capability c) => c switch
    {
        Capability.NetAdmin => "CAP_NET_ADMIN",
        Capability.NetRaw => "CAP_NET_RAW",
        _ => "CAP_" + ((int)c).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
