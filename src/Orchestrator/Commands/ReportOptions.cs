using MptcpMatrix.Orchestrator.Infrastructure;
using MptcpMatrix.Orchestrator.Reporting;

namespace MptcpMatrix.Orchestrator.Commands;

/// <summary>The arguments of <c>matrix report</c>.</summary>
/// <param name="Dirs">Result directories; their order does not matter (the default <paramref name="OutDir"/> is the first).</param>
/// <param name="Baseline">A previous report.json to compare with.</param>
/// <param name="OutDir">Where to write the reports (null: the first of <paramref name="Dirs"/>).</param>
/// <param name="FailOn"><c>--fail-on</c> as typed (a comma list of <see cref="ChangeClass"/> names, or <c>none</c>); null: regression.</param>
/// <param name="OnDuplicate">What to do with one cell id the inputs hold with different verdicts.</param>
internal sealed record ReportOptions(
    IReadOnlyList<string> Dirs,
    string? Baseline = null,
    string? OutDir = null,
    string? FailOn = null,
    DuplicatePolicy OnDuplicate = DuplicatePolicy.Fail)
{
    /// <summary>Apply the CI rule (<see cref="CiSkipPolicy"/>): a skipped cell fails the run.</summary>
    public bool Ci { get; init; }

    /// <summary>Print <c>::error</c> annotations (<see cref="GithubAnnotations"/>).</summary>
    public bool GithubActions { get; init; }

    /// <summary>Print timings and memory on stderr.</summary>
    public bool Trace { get; init; }

    /// <summary>The classes of <see cref="FailOn"/>, null for the default; a <see cref="FormatException"/> names what is wrong.</summary>
    public IReadOnlyList<ChangeClass>? FailOnClasses()
    {
        if (FailOn is null) return null;
        if (Baseline is null) throw new FormatException("--fail-on chooses which baseline changes fail the run; it needs --baseline REPORT.json");
        return ChangeClasses.ParseFailOn(FailOn);
    }

    /// <summary>These options with what the environment says (<see cref="RunEnvironment"/>).</summary>
    public ReportOptions FromEnvironment() =>
        this with { Ci = RunEnvironment.InCi, GithubActions = RunEnvironment.InGithubActions, Trace = RunEnvironment.Trace };
}
