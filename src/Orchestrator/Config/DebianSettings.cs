using System.ComponentModel;

namespace MptcpMatrix.Orchestrator.Config;

/// <summary><c>debian:</c> settings.</summary>
internal sealed record DebianSettings
{
    [Description("Debian mirror base URL; null = the URIs of this machine's apt sources.")]
    public string? Mirror { get; init; }

    [Description("Debian security archive URL (the bookworm-security, trixie-security ... pockets); null = the security URI of this machine's apt sources, else the mirror's URL with -security appended.")]
    public string? Security { get; init; }
}
