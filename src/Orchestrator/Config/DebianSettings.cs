using System.ComponentModel;

namespace MptcpMatrix.Orchestrator.Config;

/// <summary><c>debian:</c> settings.</summary>
public sealed record DebianSettings
{
    [Description("Debian mirror base URL; null = the URIs of this machine's apt sources.")]
    public string? Mirror { get; init; }
}
