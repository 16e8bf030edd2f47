namespace MptcpMatrix.Orchestrator.Backends.Container;

/// <summary>
/// The Docker engine cannot be used: not running, or refusing this user. Carries what was seen and the fix as data, so a
/// probe puts each in its own field (doctor's Fix column, a skip reason's "(fix: ...)") and a cell's error says both.
/// </summary>
/// <param name="detail">What was seen, e.g. <c>Docker engine not reachable at unix:///var/run/docker.sock: ... does not exist</c>.</param>
/// <param name="fixLabel">How the fix is introduced in the message: <c>Start it</c> or <c>Get access</c>.</param>
/// <param name="fix">The command(s) that fix it (<see cref="DockerEndpoint.StartHint"/>, <see cref="DockerEndpoint.AccessHint"/>).</param>
/// <param name="retryable">False when another attempt would be refused the same way (permission denied).</param>
internal sealed class EngineUnreachableException(string detail, string fixLabel, string fix, bool retryable, Exception? inner = null)
    : Exception($"{detail}. {fixLabel}: {fix}", inner)
{
    public string Detail { get; } = detail;

    public string Fix { get; } = fix;

    public bool Retryable { get; } = retryable;

    /// <summary>The engine is not there (no socket, no answer): start it.</summary>
    public static EngineUnreachableException NotRunning(string detail, Exception? inner = null) => new(detail, "Start it", DockerEndpoint.StartHint, true, inner);

    /// <summary>The engine refuses <paramref name="user"/>: get access, starting another engine would not help.</summary>
    public static EngineUnreachableException Refused(string detail, string user, Exception inner) => new(detail, "Get access", DockerEndpoint.AccessHint(user), false, inner);
}
