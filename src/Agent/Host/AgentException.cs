namespace MptcpMatrix.Agent.Host;

/// <summary>The agent cannot work (bad arguments, missing privileges, sysctl refused): exit code 2.</summary>
internal sealed class AgentException(string message) : Exception(message);
