namespace MptcpMatrix.Orchestrator.Infrastructure;

/// <summary>
/// What the environment says about where the orchestrator runs, read in one place: the commands' entry points read it and
/// hand it on in their options, so nothing deeper reads the environment itself.
/// </summary>
internal static class RunEnvironment
{
    /// <summary><c>CI=true</c> (any case) or <c>CI=1</c>, as CI services set it: skipped cells fail the run
    /// (<see cref="Commands.CiSkipPolicy"/>) and progress is plain lines.</summary>
    public static bool InCi => Environment.GetEnvironmentVariable("CI") is { } ci && (ci == "1" || ci.Equals("true", StringComparison.OrdinalIgnoreCase));

    /// <summary><c>GITHUB_ACTIONS=true</c>: annotations and grouped log lines.</summary>
    public static bool InGithubActions => string.Equals(Environment.GetEnvironmentVariable("GITHUB_ACTIONS"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary><c>MPTCPMATRIX_TRACE=1</c>: timings and memory on stderr.</summary>
    public static bool Trace => Environment.GetEnvironmentVariable("MPTCPMATRIX_TRACE") == "1";

    /// <summary><c>MPTCPMATRIX_T0</c>: when <c>./matrix</c> started (seconds since the epoch), for <see cref="PhaseTrace"/>.</summary>
    public static string? WrapperStart => Environment.GetEnvironmentVariable("MPTCPMATRIX_T0");
}
