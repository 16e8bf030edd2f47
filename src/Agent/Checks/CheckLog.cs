using System.Diagnostics;
using MptcpMatrix.Contracts;

namespace MptcpMatrix.Agent.Checks;

/// <summary>
/// Collects the checks of one side of a family run. Each check's duration is the time since the previous check of
/// the same log, i.e. the step that produced it. Thread-confined: one log per side.
/// </summary>
internal sealed class CheckLog
{
    private readonly List<CheckResult> _results = [];
    private long _last = Stopwatch.GetTimestamp();

    public IReadOnlyList<CheckResult> Results => _results;

    public CheckScope Scope(string prefix) => new(this, prefix);

    public void Add(string id, CheckOutcome outcome, string? expected = null, string? observed = null, string? errno = null, string? reason = null)
    {
        var now = Stopwatch.GetTimestamp();
        var ms = Math.Round((now - _last) * 1000.0 / Stopwatch.Frequency, 3);
        _last = now;
        _results.Add(new CheckResult(id, outcome, expected, observed, errno, reason, ms));
    }
}
