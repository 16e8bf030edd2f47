using System.Diagnostics;
using MptcpMatrix.Agent.Expectations;
using MptcpMatrix.Contracts;

namespace MptcpMatrix.Agent.Checks;

/// <summary>
/// Collects the checks of one side of a family run. Each check's duration is the time since the previous check of
/// the same log, i.e. the step that produced it. Thread-confined: one log per side, so it also carries what that
/// side learnt about its connection (<see cref="FellBack"/>).
/// </summary>
internal sealed class CheckLog(ExpectationJudge judge)
{
    private readonly List<CheckResult> _results = [];
    private long _last = Stopwatch.GetTimestamp();

    public IReadOnlyList<CheckResult> Results => _results;

    public ExpectationJudge Judge => judge;

    /// <summary>The evidence that this side's connection fell back to plain TCP, once the connection check found it.</summary>
    public string? FellBack { get; set; }

    public CheckScope Scope(string prefix) => new(this, prefix);

    /// <summary>Records a check. A pass of a <paramref name="feature"/> on a kernel older than its release is marked
    /// <see cref="Expectation.EarlierThanUpstream"/>.</summary>
    public void Add(string id, CheckOutcome outcome, string? expected = null, string? observed = null, string? errno = null, string? reason = null,
        Feature? feature = null, Expectation? expectation = null)
    {
        var now = Stopwatch.GetTimestamp();
        var ms = Math.Round((now - _last) * 1000.0 / Stopwatch.Frequency, 3);
        _last = now;
        if (outcome == CheckOutcome.Pass && feature is not null) expectation ??= judge.Present(feature);
        _results.Add(new CheckResult(id, outcome, expected, observed, errno, reason, ms,
            feature?.Id, feature?.Since.ToString(), feature?.Commit, expectation, feature is null ? null : judge.Backport(feature)));
    }
}
