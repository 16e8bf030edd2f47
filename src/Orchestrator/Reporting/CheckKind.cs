namespace MptcpMatrix.Orchestrator.Reporting;

/// <summary>
/// A check's outcome refined by the agent's expectation: what the reports show for it, each with its own mark and words
/// (<see cref="CheckKinds"/>). Every unsupported check is exactly one of the six unsupported kinds.
/// </summary>
internal enum CheckKind
{
    /// <summary>pass (also: a pass with a contradicting expectation).</summary>
    Pass,

    /// <summary>pass on a kernel older than the feature's upstream release (a stable backport).</summary>
    EarlierThanUpstream,

    /// <summary>fail without an expectation: the kernel has the feature but it misbehaves.</summary>
    Fail,

    /// <summary>fail: the kernel is at or after the feature's release but lacks it.</summary>
    Regression,

    /// <summary>fail: the MPTCP connection fell back to plain TCP.</summary>
    FellBack,

    /// <summary>unsupported: the kernel predates the feature. Expected.</summary>
    ExpectedUnsupported,

    /// <summary>unsupported: MPTCP is off in this variant (net.mptcp.enabled=0) or not built. Expected for that variant.</summary>
    MptcpOff,

    /// <summary>unsupported, judged by the errno alone: the kernel's version is unknown, so not confirmed as expected.</summary>
    UnknownVersion,

    /// <summary>unsupported with no expectation (an older agent) or a contradicting one: nothing says why.</summary>
    UnexplainedUnsupported,

    /// <summary>unsupported: the agent lacked a capability the probe needs (a normal user's run); says nothing about the
    /// kernel, which a privileged run decides. Neither expected nor unexpected of the kernel.</summary>
    NeedsCapability,

    /// <summary>unsupported: what the check looks at cannot be seen here (no inet_diag for TCP sockets: CONFIG_INET_TCP_DIAG
    /// off or tcp_diag not loaded; no MPTcpExt counters to read); says nothing about the kernel's MPTCP, which a run with the
    /// means to look decides.</summary>
    NotObservable,

    /// <summary>the agent could not run the check.</summary>
    Error,
}
