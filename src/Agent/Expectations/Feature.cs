namespace MptcpMatrix.Agent.Expectations;

/// <summary>A piece of MPTCP's socket API, the upstream release that added it and the commit that did.</summary>
/// <param name="Id">Stable key used in reports (e.g. <c>mptcp_full_info</c>).</param>
/// <param name="Title">What it is, for messages (e.g. <c>getsockopt MPTCP_FULL_INFO</c>).</param>
/// <param name="Commit">The mainline commit (12 hex digits); null while no commit could be verified for it (the
/// release is then the one docs/expectations.md gives its evidence for).</param>
internal sealed record Feature(string Id, string Title, KernelVersion Since, string? Commit)
{
    /// <summary>
    /// The stable updates that carry it to older branches, each the first release of its branch that has it (6.1.94:
    /// every 6.1.y from 6.1.94 on). Only verified ones: each is named by the stable update in Debian's kernel changelog
    /// (docs/expectations.md, "Stable backports").
    /// </summary>
    public IReadOnlyList<KernelVersion> Backports { get; init; } = [];

    /// <summary>"added in Linux 6.5, commit 492432074e4f".</summary>
    public string Added => Commit is null ? $"added in Linux {Since} (commit not yet verified)" : $"added in Linux {Since}, commit {Commit}";

    /// <summary>The backport to <paramref name="kernel"/>'s stable branch (its major.minor), when there is one.</summary>
    public KernelVersion? BackportTo(KernelVersion kernel)
    {
        foreach (var backport in Backports)
        {
            if (backport.Major == kernel.Major && backport.Minor == kernel.Minor) return backport;
        }

        return null;
    }
}
