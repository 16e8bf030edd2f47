namespace MptcpMatrix.Contracts;

/// <summary>The document the agent prints: one run (one network namespace, one set of sysctls).</summary>
public sealed record AgentReport(
    int SchemaVersion,
    string AgentVersion,
    KernelInfo Kernel,
    ulong Seed,
    int? Port,
    string? Variant,
    IReadOnlyDictionary<string, string> Sysctls,
    DateTimeOffset StartedAt,
    double DurationMs,
    CheckOutcome Verdict,
    IReadOnlyList<FamilyRun> Families)
{
    /// <summary>Bumped on any incompatible change of this contract.</summary>
    public const int CurrentSchemaVersion = 1;
}
