namespace MptcpMatrix.Contracts;

/// <summary>uname(2) of the kernel the agent ran on, plus <c>/proc/sys/net/mptcp/*</c> as the agent's netns sees them.</summary>
public sealed record KernelInfo(
    string Release,
    string Version,
    string Machine,
    IReadOnlyDictionary<string, string> MptcpSysctls);
