using MptcpMatrix.Orchestrator.Cells;

namespace MptcpMatrix.Orchestrator.Reporting.Grid;

/// <summary>Icon, words, CSS class and attention rank of each <see cref="GridMark"/>: never colour alone.</summary>
internal static class GridMarks
{
    public static IReadOnlyList<GridMark> All { get; } = Enum.GetValues<GridMark>();

    public static GridMark Of(CheckKind kind) => kind switch
    {
        CheckKind.Pass => GridMark.Pass,
        CheckKind.EarlierThanUpstream => GridMark.EarlierThanUpstream,
        CheckKind.ExpectedUnsupported => GridMark.ExpectedUnsupported,
        CheckKind.MptcpOff => GridMark.MptcpOff,
        CheckKind.UnknownVersion => GridMark.UnknownVersion,
        CheckKind.UnexplainedUnsupported => GridMark.Unsupported,
        CheckKind.NeedsCapability => GridMark.NeedsCapability,
        CheckKind.NotObservable => GridMark.NotObservable,
        CheckKind.FellBack => GridMark.FellBack,
        CheckKind.Fail => GridMark.Fail,
        CheckKind.Regression => GridMark.Regression,
        _ => GridMark.Error,
    };

    /// <summary>The mark of a cell that produced no checks.</summary>
    public static GridMark Of(CellStatus status) => status switch
    {
        CellStatus.Untestable => GridMark.Untestable,
        CellStatus.InfraError => GridMark.InfraError,
        CellStatus.Fail => GridMark.Error,
        _ => GridMark.NotRun,
    };

    public static string Label(GridMark mark) => mark switch
    {
        GridMark.Pass => "pass",
        GridMark.EarlierThanUpstream => "earlier than upstream",
        GridMark.ExpectedUnsupported => "expected unsupported",
        GridMark.MptcpOff => "MPTCP off",
        GridMark.UnknownVersion => "unsupported (kernel version unknown)",
        GridMark.Unsupported => "unsupported (unexplained)",
        GridMark.FellBack => "fell back to TCP",
        GridMark.Fail => "fail",
        GridMark.Regression => "regression",
        GridMark.Error => "error",
        GridMark.Untestable => "untestable",
        GridMark.InfraError => "infra-error",
        GridMark.NeedsCapability => "needs a capability the agent lacked",
        GridMark.NotObservable => "not observable here",
        _ => "not run",
    };

    /// <summary>Short words for a grid entry (the icon and these fit a narrow column).</summary>
    public static string Short(GridMark mark) => mark switch
    {
        GridMark.Pass => "pass",
        GridMark.EarlierThanUpstream => "early",
        GridMark.ExpectedUnsupported => "n/a",
        GridMark.MptcpOff => "off",
        GridMark.UnknownVersion => "unk. ver.",
        GridMark.Unsupported => "unsup",
        GridMark.FellBack => "TCP",
        GridMark.Fail => "FAIL",
        GridMark.Regression => "REGR",
        GridMark.Error => "error",
        GridMark.Untestable => "untest",
        GridMark.InfraError => "infra",
        GridMark.NeedsCapability => "needs CAP",
        GridMark.NotObservable => "unseen",
        _ => "—",
    };

    public static string Icon(GridMark mark) => mark switch
    {
        GridMark.Pass => "✔",
        GridMark.EarlierThanUpstream => "▲",
        GridMark.ExpectedUnsupported => "–",
        GridMark.MptcpOff => "○",
        GridMark.UnknownVersion => "?",
        GridMark.Unsupported => "‽",
        GridMark.FellBack => "↩",
        GridMark.Fail => "✘",
        GridMark.Regression => "▼",
        GridMark.Error => "⚠",
        GridMark.Untestable => "⊘",
        GridMark.InfraError => "⚡",
        GridMark.NeedsCapability => "⚷",
        GridMark.NotObservable => "◌",
        _ => "·",
    };

    /// <summary>The icon the Markdown summary uses (GitHub renders emoji in colour).</summary>
    public static string Emoji(GridMark mark) => mark switch
    {
        GridMark.Pass => "✅",
        GridMark.EarlierThanUpstream => "⏫",
        GridMark.ExpectedUnsupported => "➖",
        GridMark.MptcpOff => "⭕",
        GridMark.UnknownVersion => "❔",
        GridMark.Unsupported => "❓",
        GridMark.FellBack => "↩️",
        GridMark.Fail => "❌",
        GridMark.Regression => "🔻",
        GridMark.Error => "⚠️",
        GridMark.Untestable => "⛔",
        GridMark.InfraError => "💥",
        GridMark.NeedsCapability => "🔒",
        GridMark.NotObservable => "🙈",
        _ => "·",
    };

    public static string Css(GridMark mark) => "m-" + mark switch
    {
        GridMark.Pass => "pass",
        GridMark.EarlierThanUpstream => "earlier",
        GridMark.ExpectedUnsupported => "expected-unsupported",
        GridMark.MptcpOff => "mptcp-off",
        GridMark.UnknownVersion => "unknown-version",
        GridMark.Unsupported => "unsupported",
        GridMark.FellBack => "fell-back",
        GridMark.Fail => "fail",
        GridMark.Regression => "regression",
        GridMark.Error => "error",
        GridMark.Untestable => "untestable",
        GridMark.InfraError => "infra-error",
        GridMark.NeedsCapability => "needs-cap",
        GridMark.NotObservable => "not-observable",
        _ => "not-run",
    };

    /// <summary>What needs attention first (0); a mixed entry shows its most urgent mark.</summary>
    public static int Rank(GridMark mark) => mark switch
    {
        GridMark.Regression => 0,
        GridMark.FellBack => 1,
        GridMark.Fail => 2,
        GridMark.Error => 3,
        GridMark.InfraError => 4,
        GridMark.Unsupported => 5,
        GridMark.UnknownVersion => 6,
        GridMark.EarlierThanUpstream => 7,
        GridMark.Untestable => 8,
        GridMark.ExpectedUnsupported => 9,
        GridMark.MptcpOff => 10,
        GridMark.NotRun => 11,
        GridMark.NeedsCapability => 13,
        GridMark.NotObservable => 14,
        _ => 12,
    };

    /// <summary>Says nothing about the kernel: the agent lacked a capability, or the means to look. Such a mark never outranks
    /// another result of the same check, makes an entry mixed or counts as a difference between kernels.</summary>
    public static bool IsNoVerdict(GridMark mark) => mark is GridMark.NeedsCapability or GridMark.NotObservable;

    /// <summary>Works in this run: a plain pass or a backport.</summary>
    public static bool Works(GridMark mark) => mark is GridMark.Pass or GridMark.EarlierThanUpstream;
}
