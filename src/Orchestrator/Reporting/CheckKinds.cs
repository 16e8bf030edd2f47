using MptcpMatrix.Contracts;

namespace MptcpMatrix.Orchestrator.Reporting;

/// <summary>The <see cref="CheckKind"/> of a check, and the mark, label and explanation every report format shows for it.</summary>
internal static class CheckKinds
{
    public static CheckKind Of(CheckResult check) => check.Outcome switch
    {
        CheckOutcome.Pass => check.Expectation == Expectation.EarlierThanUpstream ? CheckKind.EarlierThanUpstream : CheckKind.Pass,
        CheckOutcome.Fail => check.Expectation switch
        {
            Expectation.Regression => CheckKind.Regression,
            Expectation.FellBack => CheckKind.FellBack,
            _ => CheckKind.Fail,
        },
        CheckOutcome.Unsupported => check.Expectation switch
        {
            Expectation.ExpectedUnsupported => CheckKind.ExpectedUnsupported,
            Expectation.MptcpOff => CheckKind.MptcpOff,
            Expectation.UnknownVersion => CheckKind.UnknownVersion,
            Expectation.NeedsCapability => CheckKind.NeedsCapability,
            Expectation.NotObservable => CheckKind.NotObservable,
            _ => CheckKind.UnexplainedUnsupported,
        },
        _ => CheckKind.Error,
    };

    /// <summary>Words that say what the kind is without its mark or colour.</summary>
    public static string Label(CheckKind kind) => kind switch
    {
        CheckKind.Pass => "pass",
        CheckKind.EarlierThanUpstream => "earlier than upstream",
        CheckKind.Fail => "fail",
        CheckKind.Regression => "regression",
        CheckKind.FellBack => "fell back to TCP",
        CheckKind.ExpectedUnsupported => "expected unsupported",
        CheckKind.MptcpOff => "MPTCP off",
        CheckKind.UnknownVersion => "unsupported (kernel version unknown)",
        CheckKind.UnexplainedUnsupported => "unsupported (unexplained)",
        CheckKind.NeedsCapability => "needs a capability the agent lacked",
        CheckKind.NotObservable => "not observable here",
        _ => "error",
    };

    /// <summary>A distinct symbol per kind, always shown next to <see cref="Label"/>.</summary>
    public static string Mark(CheckKind kind) => kind switch
    {
        CheckKind.Pass => "✅",
        CheckKind.EarlierThanUpstream => "⏫",
        CheckKind.Fail => "❌",
        CheckKind.Regression => "🔻",
        CheckKind.FellBack => "↩️",
        CheckKind.ExpectedUnsupported => "➖",
        CheckKind.MptcpOff => "⭕",
        CheckKind.UnknownVersion => "❔",
        CheckKind.UnexplainedUnsupported => "❓",
        CheckKind.NeedsCapability => "🔒",
        CheckKind.NotObservable => "🙈",
        _ => "⚠️",
    };

    /// <summary>The CSS class of the kind in the HTML report.</summary>
    public static string CssClass(CheckKind kind) => kind switch
    {
        CheckKind.Pass => "pass",
        CheckKind.EarlierThanUpstream => "earlier",
        CheckKind.Fail => "fail",
        CheckKind.Regression => "regression",
        CheckKind.FellBack => "fell-back",
        CheckKind.ExpectedUnsupported => "expected-unsupported",
        CheckKind.MptcpOff => "mptcp-off",
        CheckKind.UnknownVersion => "unknown-version",
        CheckKind.UnexplainedUnsupported => "unexplained",
        CheckKind.NeedsCapability => "needs-cap",
        CheckKind.NotObservable => "not-observable",
        _ => "error",
    };

    /// <summary><c>added in Linux 6.5 (commit 0123456789ab)</c>, or null when the check names no release.</summary>
    public static string? Added(CheckResult check) =>
        check.Since is null ? null : $"added in Linux {check.Since}" + (check.Commit is null ? "" : $" (commit {check.Commit})");

    /// <summary>
    /// Why the check has its kind, in words: for an expected unsupported check <c>added in Linux 6.5 (commit …)</c>; for a
    /// regression <c>added in Linux 6.5 (commit …), missing on 6.12.3</c>; null for a plain pass. <paramref name="upstream"/> is
    /// the kernel's upstream version when the agent could tell it.
    /// </summary>
    public static string? Explain(CheckResult check, string? upstream)
    {
        var added = Added(check);
        var on = upstream is null ? "this kernel" : upstream;
        return Of(check) switch
        {
            CheckKind.ExpectedUnsupported => added ?? check.Reason ?? "the kernel predates this feature",
            CheckKind.MptcpOff => check.Reason ?? "MPTCP is off (net.mptcp.enabled=0) or not built",
            CheckKind.UnknownVersion => $"{check.Errno ?? check.Reason ?? "unsupported"} on a kernel of unknown upstream version" +
                (added is null ? "" : $"; the feature was {added}"),
            CheckKind.UnexplainedUnsupported => check.Reason ?? check.Errno ?? "no reason recorded",
            CheckKind.NeedsCapability => check.Reason ?? check.Expected ?? "needs a capability the agent lacked",
            CheckKind.NotObservable => check.Reason ?? check.Expected ?? "not observable here",
            CheckKind.Regression => added is null ? check.Reason ?? "the kernel should have this feature but lacks it" : $"{added}, missing on {on}",
            CheckKind.FellBack => check.Reason ?? "the MPTCP connection fell back to plain TCP",
            CheckKind.EarlierThanUpstream => added is null ? "passes on a kernel older than the feature's upstream release" : $"{added}, passes on {on} (a backport)",
            _ => check.Reason,
        };
    }
}
