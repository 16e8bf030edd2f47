using MptcpMatrix.Contracts;

namespace MptcpMatrix.Orchestrator.Reporting;

/// <summary>
/// Check counts of a cell or a whole report. <see cref="Pass"/> + <see cref="Fail"/> + <see cref="Unsupported"/> +
/// <see cref="Error"/> = <see cref="Total"/>; of the passes, <see cref="EarlierThanUpstream"/>; of the fails,
/// <see cref="Regression"/> and <see cref="FellBack"/>; the unsupported ones split into <see cref="ExpectedUnsupported"/> +
/// <see cref="MptcpOff"/> (expected), <see cref="UnknownVersion"/> + <see cref="UnexplainedUnsupported"/> (not confirmed) and
/// <see cref="NeedsCapability"/> + <see cref="NotObservable"/> (the agent lacked a capability, or the means to look: nothing
/// said of the kernel).
/// </summary>
internal sealed record CheckCounts(
    int Total,
    int Pass,
    int Fail,
    int Unsupported,
    int Error,
    int EarlierThanUpstream,
    int Regression,
    int FellBack,
    int ExpectedUnsupported,
    int MptcpOff,
    int UnknownVersion,
    int UnexplainedUnsupported,
    int NeedsCapability,
    int NotObservable)
{
    public static CheckCounts Zero { get; } = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>Checks whose outcome the kernel's version did not predict: every fail and error, the earlier-than-upstream passes
    /// and the unsupported ones not confirmed as expected. A pass cell with any of these says so in every report.</summary>
    public int Unexpected => Fail + Error + EarlierThanUpstream + UnknownVersion + UnexplainedUnsupported;

    public static CheckCounts Of(IEnumerable<CheckResult> checks)
    {
        var n = new int[Enum.GetValues<CheckKind>().Length];
        var total = 0;
        foreach (var check in checks)
        {
            total++;
            n[(int)CheckKinds.Of(check)]++;
        }

        int N(CheckKind kind) => n[(int)kind];
        return new CheckCounts(total, N(CheckKind.Pass) + N(CheckKind.EarlierThanUpstream), N(CheckKind.Fail) + N(CheckKind.Regression) + N(CheckKind.FellBack),
            N(CheckKind.ExpectedUnsupported) + N(CheckKind.MptcpOff) + N(CheckKind.UnknownVersion) + N(CheckKind.UnexplainedUnsupported) + N(CheckKind.NeedsCapability) + N(CheckKind.NotObservable),
            N(CheckKind.Error), N(CheckKind.EarlierThanUpstream), N(CheckKind.Regression), N(CheckKind.FellBack), N(CheckKind.ExpectedUnsupported), N(CheckKind.MptcpOff),
            N(CheckKind.UnknownVersion), N(CheckKind.UnexplainedUnsupported), N(CheckKind.NeedsCapability), N(CheckKind.NotObservable));
    }

    public static CheckCounts operator +(CheckCounts a, CheckCounts b) => new(a.Total + b.Total, a.Pass + b.Pass, a.Fail + b.Fail, a.Unsupported + b.Unsupported,
        a.Error + b.Error, a.EarlierThanUpstream + b.EarlierThanUpstream, a.Regression + b.Regression, a.FellBack + b.FellBack,
        a.ExpectedUnsupported + b.ExpectedUnsupported, a.MptcpOff + b.MptcpOff, a.UnknownVersion + b.UnknownVersion, a.UnexplainedUnsupported + b.UnexplainedUnsupported,
        a.NeedsCapability + b.NeedsCapability, a.NotObservable + b.NotObservable);

    /// <summary><c>204 checks: 180 pass (2 earlier than upstream), 2 fail (1 regression, 1 fell back to TCP), 22 unsupported (20 expected, ...), 0 error</c></summary>
    public string Describe()
    {
        static string Sub(IEnumerable<(int N, string What)> parts)
        {
            var shown = parts.Where(p => p.N > 0).Select(p => $"{p.N} {p.What}").ToList();
            return shown.Count == 0 ? "" : $" ({string.Join(", ", shown)})";
        }

        var plainFail = Fail - Regression - FellBack;
        return $"{Total} checks: {Pass} pass{Sub([(EarlierThanUpstream, "earlier than upstream")])}, " +
            $"{Fail} fail{(Regression + FellBack > 0 ? Sub([(Regression, "regression"), (FellBack, "fell back to TCP"), (plainFail, "other")]) : "")}, " +
            $"{Unsupported} unsupported{Sub([(ExpectedUnsupported, "expected"), (MptcpOff, "MPTCP off"), (UnknownVersion, "kernel version unknown"), (UnexplainedUnsupported, "unexplained"), (NeedsCapability, "needs a capability"), (NotObservable, "not observable here")])}, " +
            $"{Error} error";
    }

    /// <summary>The <see cref="Unexpected"/> checks in words (<c>1 regression, 2 unexplained unsupported</c>), or null when there are none.</summary>
    public string? UnexpectedText()
    {
        if (Unexpected == 0) return null;
        (int N, string What)[] parts =
        [
            (Regression, "regression"), (FellBack, "fell back to TCP"), (Fail - Regression - FellBack, "failed"), (Error, "error"),
            (UnexplainedUnsupported, "unexplained unsupported"), (UnknownVersion, "unsupported on a kernel of unknown version"),
            (EarlierThanUpstream, "earlier than upstream"),
        ];
        return string.Join(", ", parts.Where(p => p.N > 0).Select(p => $"{p.N} {p.What}"));
    }
}
