namespace MptcpMatrix.Contracts;

/// <summary>One check of one family run.</summary>
/// <param name="Id">Stable dotted id, e.g. <c>client.initial.tcpinfo.size_user</c>.</param>
/// <param name="Outcome">The verdict of this check.</param>
/// <param name="Expected">What the selftest expects (set on fail, often on pass).</param>
/// <param name="Observed">What the kernel returned.</param>
/// <param name="Errno">Errno name (e.g. <c>EOPNOTSUPP</c>) when a syscall's error decided the outcome.</param>
/// <param name="Reason">Human explanation for unsupported/error outcomes.</param>
/// <param name="DurationMs">Wall time of the step that produced the check.</param>
public sealed record CheckResult(
    string Id,
    CheckOutcome Outcome,
    string? Expected = null,
    string? Observed = null,
    string? Errno = null,
    string? Reason = null,
    double DurationMs = 0);
