namespace MptcpMatrix.Orchestrator.Reporting.Grid;

/// <summary>The one mark of a grid entry (a feature or check on a kernel column), each with its own icon, words and colour.</summary>
internal enum GridMark
{
    /// <summary>Every check passed.</summary>
    Pass,

    /// <summary>Passed on a kernel older than the feature's upstream release (a backport).</summary>
    EarlierThanUpstream,

    /// <summary>Unsupported because the kernel predates the feature: expected.</summary>
    ExpectedUnsupported,

    /// <summary>Unsupported because MPTCP is off in this variant: expected.</summary>
    MptcpOff,

    /// <summary>Unsupported, judged by the errno alone: the kernel's upstream version is unknown.</summary>
    UnknownVersion,

    /// <summary>Unsupported with no expectation (an older agent) or a contradicting one: nothing says why.</summary>
    Unsupported,

    /// <summary>A check failed on a kernel that has the feature (or fell back to TCP).</summary>
    Fail,

    /// <summary>The MPTCP connection fell back to plain TCP.</summary>
    FellBack,

    /// <summary>The kernel is at or after the feature's release but lacks it.</summary>
    Regression,

    /// <summary>The agent could not run the check.</summary>
    Error,

    /// <summary>The cell could not test this kernel (e.g. no CONFIG_MPTCP).</summary>
    Untestable,

    /// <summary>The infrastructure failed (boot, engine, timeout).</summary>
    InfraError,

    /// <summary>No result: skipped, or the check was not part of this cell's run.</summary>
    NotRun,

    /// <summary>The agent lacked a capability the check needs (a normal user's run in its own user namespace): says nothing
    /// about the kernel, so it never outranks another cell's result, splits a column or counts as a difference.</summary>
    NeedsCapability,

    /// <summary>What the check looks at cannot be seen here (no inet_diag for TCP sockets, no MPTcpExt counters): says nothing about the kernel, and
    /// like <see cref="NeedsCapability"/> never outranks another cell's result, splits a column or counts as a difference.</summary>
    NotObservable,
}
