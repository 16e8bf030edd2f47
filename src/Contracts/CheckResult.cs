namespace MptcpMatrix.Contracts;

/// <summary>One check of one family run.</summary>
/// <param name="Id">Stable dotted id, e.g. <c>client.initial.tcpinfo.size_user</c>.</param>
/// <param name="Outcome">The verdict of this check.</param>
/// <param name="Expected">What the selftest expects (set on fail, often on pass).</param>
/// <param name="Observed">What the kernel returned.</param>
/// <param name="Errno">Errno name (e.g. <c>EOPNOTSUPP</c>) when a syscall's error decided the outcome.</param>
/// <param name="Reason">Human explanation for unsupported/error outcomes.</param>
/// <param name="DurationMs">Wall time of the step that produced the check.</param>
/// <param name="Feature">The kernel feature the check tests (e.g. <c>mptcp_full_info</c>), when it has one.</param>
/// <param name="Since">The upstream Linux release that introduced <paramref name="Feature"/> (e.g. <c>6.5</c>).</param>
/// <param name="Commit">The upstream commit (12 hex digits) that introduced it.</param>
/// <param name="Expectation">How the outcome relates to the kernel's version; null for a plain pass or fail.</param>
/// <param name="Backport">The stable update that carries <paramref name="Feature"/> to this older kernel's branch
/// (e.g. <c>6.1.94</c> for 6.10's TCP_KEEP* on 6.1.y), when the kernel predates <paramref name="Since"/>.</param>
public sealed record CheckResult(
    string Id,
    CheckOutcome Outcome,
    string? Expected = null,
    string? Observed = null,
    string? Errno = null,
    string? Reason = null,
    double DurationMs = 0,
    string? Feature = null,
    string? Since = null,
    string? Commit = null,
    Expectation? Expectation = null,
    string? Backport = null);
