namespace MptcpMatrix.Agent.Host;

/// <summary>The agent cannot work (bad arguments, missing privileges, sysctl refused): exit code 2.</summary>
/// <param name="stage">What the agent was doing: <c>arguments</c>, <c>netns</c>, <c>sysctl</c>, <c>thread</c> or <c>init</c>.</param>
/// <param name="message">What went wrong and, where there is one, the fix.</param>
internal sealed class AgentException(string stage, string message) : Exception(message)
{
    /// <summary>The exit code every agent failure of this kind ends with.</summary>
    public const int ExitCode = 2;

    public string Stage { get; } = stage;
}
