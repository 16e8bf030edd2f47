namespace MptcpMatrix.Orchestrator.Kernels;

/// <summary>
/// One apt source line of a suite's pockets: the archive URI and the pocket's suite name (<c>bookworm</c>,
/// <c>bookworm-updates</c> under the Debian archive, <c>bookworm-security</c> under the security archive).
/// </summary>
internal sealed record DebianPocket(string Uri, string Suite)
{
    /// <summary>Suites a Debian machine pairs with <c>-updates</c> and <c>-security</c> pockets; sid, experimental and backports have none.</summary>
    private static readonly string[] WithPockets = ["bullseye", "bookworm", "trixie", "forky", "oldoldstable", "oldstable", "stable", "testing"];

    /// <summary>
    /// The pockets a machine of <paramref name="suite"/> reads, as its apt sources name them: the suite and its updates
    /// pocket from <paramref name="mirror"/>, its security pocket from <paramref name="security"/>.
    /// </summary>
    public static IReadOnlyList<DebianPocket> For(string suite, string mirror, string security) =>
        WithPockets.Contains(suite, StringComparer.Ordinal)
            ? [new(mirror, suite), new(security, suite + "-security"), new(mirror, suite + "-updates")]
            : [new(mirror, suite)];
}
