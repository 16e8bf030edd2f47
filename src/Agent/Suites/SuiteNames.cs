namespace MptcpMatrix.Agent.Suites;

/// <summary>The agent's suites (<c>--suite</c>, matrix.yml <c>suites:</c>): the ported selftest, the socket-option
/// support grid, the inq behaviours and the plain-TCP peers. Each suite's check ids start with its name, except the
/// selftest's, which keep the ids they always had.</summary>
internal static class SuiteNames
{
    public const string Selftest = "selftest";
    public const string Sockopts = "sockopts";
    public const string Inq = "inq";
    public const string Fallback = "fallback";

    /// <summary>Every suite, in the order they run.</summary>
    public static IReadOnlyList<string> All { get; } = [Selftest, Sockopts, Inq, Fallback];

    public static bool IsKnown(string name) => name is Selftest or Sockopts or Inq or Fallback;
}
