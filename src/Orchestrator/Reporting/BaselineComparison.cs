namespace MptcpMatrix.Orchestrator.Reporting;

/// <summary>How this run's checks compare with a baseline report.</summary>
/// <param name="Baseline">The baseline report.json (full path).</param>
/// <param name="Counts">How many checks changed in each class.</param>
/// <param name="FailOn">The classes that fail the run (<c>--fail-on</c>; default: regression).</param>
/// <param name="Fails">Whether any change is of a <paramref name="FailOn"/> class: the report then exits 1.</param>
/// <param name="Changes">Every changed check (unchanged ones are left out): this run's cells in id order, then the checks the
/// baseline had and this run has not.</param>
internal sealed record BaselineComparison(
    string Baseline,
    ChangeCounts Counts,
    IReadOnlyList<ChangeClass> FailOn,
    bool Fails,
    IReadOnlyList<CheckChange> Changes)
{
    /// <summary>"2 regression (fails the run: --fail-on regression)" or "nothing fails the run (--fail-on none)".</summary>
    public string Verdict()
    {
        var failOn = FailOn.Count == 0 ? "none" : string.Join(",", FailOn.Select(ChangeClasses.Name));
        var failing = FailOn.Where(c => Counts[c] > 0).Select(c => $"{Counts[c]} {ChangeClasses.Name(c)}").ToList();
        return failing.Count > 0 ? $"fails the run: {string.Join(", ", failing)} (--fail-on {failOn})" : $"does not fail the run (--fail-on {failOn})";
    }
}
