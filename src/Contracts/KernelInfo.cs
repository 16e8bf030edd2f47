namespace MptcpMatrix.Contracts;

/// <summary>uname(2) of the kernel the agent ran on, plus <c>/proc/sys/net/mptcp/*</c> as the agent's netns sees them.</summary>
/// <param name="UpstreamVersion">The upstream release the kernel is built from (e.g. <c>6.1.176</c> for Debian's
/// <c>6.1.0-50-cloud-amd64</c>), or null when it cannot be told (a custom kernel).</param>
/// <param name="UpstreamVersionSource">Where <paramref name="UpstreamVersion"/> was read (e.g. <c>uname -v (Debian package version)</c>).</param>
public sealed record KernelInfo(
    string Release,
    string Version,
    string Machine,
    IReadOnlyDictionary<string, string> MptcpSysctls,
    string? UpstreamVersion = null,
    string? UpstreamVersionSource = null);
