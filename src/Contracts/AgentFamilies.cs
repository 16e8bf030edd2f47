namespace MptcpMatrix.Contracts;

/// <summary>The address families the agent tests, as matrix.yml, the agent's <c>--family</c> and its report spell them.</summary>
public static class AgentFamilies
{
    public const string IPv4 = "ipv4";
    public const string IPv6 = "ipv6";

    public static IReadOnlyList<string> All { get; } = [IPv4, IPv6];
}
