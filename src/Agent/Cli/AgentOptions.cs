using MptcpMatrix.Agent.Sockets;

namespace MptcpMatrix.Agent.Cli;

/// <summary>What the command line asked for.</summary>
internal sealed record AgentOptions
{
    public IReadOnlyList<AddressFamily> Families { get; init; } = [AddressFamily.IPv4, AddressFamily.IPv6];
    public ulong? Seed { get; init; }
    public int Port { get; init; }
    public string? Output { get; init; }
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(15);
    public bool NewNetns { get; init; }
    public IReadOnlyDictionary<string, string> Sysctls { get; init; } = new Dictionary<string, string>();
    public string? Variant { get; init; }
    public bool Quiet { get; init; }

    /// <summary>The kernel's upstream version as <c>--kernel-version</c> gave it (a version, or none for <c>unknown</c>),
    /// for kernels whose uname does not say it; null reads it from uname.</summary>
    public (Expectations.KernelVersion? Version, string Source)? KernelVersion { get; init; }
    /// <summary>The suites <c>--suite</c> named (in the order they run), or all of them.</summary>
    public IReadOnlyList<string> Suites { get; init; } = MptcpMatrix.Agent.Suites.SuiteNames.All;
    public bool Init { get; init; }
    public bool ShowVersion { get; init; }
    public bool ShowHelp { get; init; }
}
