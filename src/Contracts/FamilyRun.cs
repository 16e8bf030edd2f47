namespace MptcpMatrix.Contracts;

/// <summary>The checks of one address family (ipv4 or ipv6).</summary>
public sealed record FamilyRun(
    string Family,
    CheckOutcome Verdict,
    IReadOnlyList<CheckResult> Checks,
    double DurationMs,
    string? Reason = null);
