using MptcpMatrix.Contracts;

namespace MptcpMatrix.Orchestrator.Reporting;

/// <summary>
/// Classifies one check's change against the baseline. A side is absent (null), or an outcome with the agent's expectation;
/// unsupported counts as <em>expected</em> only with <c>expected_unsupported</c> or <c>mptcp_off</c> (anything else, no
/// expectation included, is unexplained). The rules, first match wins:
/// <list type="number">
/// <item>fails now: <c>still_failing</c> if it failed before, else <c>regression</c> (also when it was absent: a new failure is never quiet);</item>
/// <item>absent before: <c>newly_tested</c>; absent now: <c>no_longer_tested</c>;</item>
/// <item>no verdict now (an agent error, needs_capability or not_observable: the agent's privilege or the environment, not the kernel, decided it):
/// <c>no_longer_tested</c> unless there was none before either (unchanged); none before: <c>newly_tested</c>;</item>
/// <item>passes now: unchanged if it passed, <c>fixed</c> if it failed, <c>support_gained</c> if it was unsupported;</item>
/// <item>unsupported now: unchanged if it was unsupported (whatever the explanation: a newer agent explaining an old
/// result is not a change of the kernel); else, expected now: <c>support_lost</c>; unexplained now: <c>regression</c>.</item>
/// </list>
/// Expectations never matter otherwise: pass -> pass (earlier_than_upstream) is unchanged, fail (regression) -> fail (fell_back) still failing.
/// </summary>
internal static class ChangeClassifier
{
    /// <summary>The class of the change, or null when nothing changed.</summary>
    public static ChangeClass? Classify(CheckState? before, CheckState? after)
    {
        if (after?.Outcome == CheckOutcome.Fail) return before?.Outcome == CheckOutcome.Fail ? ChangeClass.StillFailing : ChangeClass.Regression;
        if (before is null) return after is null ? null : ChangeClass.NewlyTested;
        if (after is null) return ChangeClass.NoLongerTested;
        if (after.IsNoVerdict) return before.IsNoVerdict ? null : ChangeClass.NoLongerTested;
        if (before.IsNoVerdict) return ChangeClass.NewlyTested;
        return (before.Outcome, after.Outcome) switch
        {
            (CheckOutcome.Pass, CheckOutcome.Pass) => null,
            (CheckOutcome.Fail, CheckOutcome.Pass) => ChangeClass.Fixed,
            (CheckOutcome.Unsupported, CheckOutcome.Pass) => ChangeClass.SupportGained,
            (CheckOutcome.Unsupported, CheckOutcome.Unsupported) => null,
            (_, CheckOutcome.Unsupported) => after.IsExpectedUnsupported ? ChangeClass.SupportLost : ChangeClass.Regression,
            _ => throw new ArgumentOutOfRangeException(nameof(after), $"{before} -> {after} is not an outcome pair"),
        };
    }
}
