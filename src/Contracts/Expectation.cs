using System.Text.Json.Serialization;

namespace MptcpMatrix.Contracts;

/// <summary>
/// Why a check has the outcome it has, judged against the kernel's upstream version and the release that introduced
/// the feature it tests (<see cref="CheckResult.Feature"/>, <see cref="CheckResult.Since"/>). Null on a check that
/// behaved as every kernel that has the feature should (a plain pass or fail).
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<Expectation>))]
public enum Expectation
{
    /// <summary><see cref="CheckOutcome.Unsupported"/>: the kernel predates the feature and lacks it, as expected.</summary>
    [JsonStringEnumMemberName("expected_unsupported")] ExpectedUnsupported,

    /// <summary><see cref="CheckOutcome.Fail"/>: the kernel is at or past the release that added the feature, yet lacks it.</summary>
    [JsonStringEnumMemberName("regression")] Regression,

    /// <summary><see cref="CheckOutcome.Pass"/>: the feature works on a kernel older than its upstream release (a stable backport).</summary>
    [JsonStringEnumMemberName("earlier_than_upstream")] EarlierThanUpstream,

    /// <summary><see cref="CheckOutcome.Fail"/>: the connection under test fell back to plain TCP, so MPTCP's socket API could not be tested.</summary>
    [JsonStringEnumMemberName("fell_back")] FellBack,

    /// <summary><see cref="CheckOutcome.Unsupported"/> by the errno alone: the kernel's upstream version is unknown (a custom kernel).</summary>
    [JsonStringEnumMemberName("unknown_version")] UnknownVersion,

    /// <summary><see cref="CheckOutcome.Unsupported"/>: MPTCP is switched off here (net.mptcp.enabled=0) or not built in.</summary>
    [JsonStringEnumMemberName("mptcp_off")] MptcpOff,

    /// <summary>
    /// <see cref="CheckOutcome.Unsupported"/>: the probe needs a capability (CAP_NET_ADMIN, CAP_NET_RAW) in the network
    /// namespace's user namespace that the agent lacks, and the kernel refused it for that (EPERM, as on TCP); the reason
    /// names it ("needs CAP_NET_ADMIN"). Says nothing about the kernel: a privileged run of the same kernel decides it.
    /// </summary>
    [JsonStringEnumMemberName("needs_capability")] NeedsCapability,

    /// <summary>
    /// <see cref="CheckOutcome.Unsupported"/>: what the check looks at cannot be seen in this environment, although the kernel
    /// answered the probe itself: a sockopts subflow check where inet_diag has no TCP handler (CONFIG_INET_TCP_DIAG off, or
    /// its tcp_diag module not loaded, so a subflow's congestion control, TOS, mark or buffers stay hidden), or the fallback
    /// suite's counters check where the namespace's netstat file shows no MPTcpExt counters. The check's expected value names
    /// what was missing ("needs … to look"). Says nothing about the kernel's MPTCP: a run that has the means to look decides it.
    /// </summary>
    [JsonStringEnumMemberName("not_observable")] NotObservable,
}
