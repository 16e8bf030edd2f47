namespace MptcpMatrix.Orchestrator.Planning;

/// <summary><c>matrix plan --format github</c>: the value of <c>strategy.matrix</c>.</summary>
internal sealed record GithubMatrix(IReadOnlyList<GithubMatrixEntry> Include)
{
    /// <summary>GitHub Actions runs at most this many jobs per matrix.</summary>
    public const int JobLimit = 256;
}
