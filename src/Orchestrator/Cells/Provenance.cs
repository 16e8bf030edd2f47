namespace MptcpMatrix.Orchestrator.Cells;

/// <summary>Where a cell's verdict came from: enough to reproduce it.</summary>
internal sealed record Provenance
{
    public string Backend { get; init; } = "";

    /// <summary>True when the cell tested the orchestrator's own kernel (host and container backends).</summary>
    public bool HostKernel { get; init; }

    public string? KernelRelease { get; init; }
    public string? KernelSource { get; init; }
    public string? KernelPackage { get; init; }
    public string? KernelSha256 { get; init; }

    /// <summary>The Debian archive pocket the kernel package came from (<c>bookworm</c>, <c>bookworm-security</c>,
    /// <c>bookworm-updates</c>); null for kernels that are not from a Debian suite.</summary>
    public string? KernelPocket { get; init; }

    /// <summary><c>kvm</c>, <c>tcg</c> or <c>none</c> (no VM).</summary>
    public string Accel { get; init; } = "none";

    public string? QemuVersion { get; init; }

    /// <summary>VM cells: how QEMU started the kernel, <c>pvh</c> (the uncompressed vmlinux through its PVH entry) or <c>bzimage</c>.</summary>
    public string? BootEntry { get; init; }
    public string? DockerApiVersion { get; init; }
    public string? DockerServerVersion { get; init; }
    public string? ContainerImage { get; init; }
    public string? VirtmeVersion { get; init; }
    public string? AgentVersion { get; init; }

    public const string PrivilegeRoot = "root";
    public const string PrivilegeUserNamespace = "user-namespace";

    /// <summary>Host cells: <c>root</c>, or <c>user-namespace</c> (a normal user's run: the agent was root of its own user namespace).</summary>
    public string? Privilege { get; init; }
    public IReadOnlyDictionary<string, string> Sysctls { get; init; } = new Dictionary<string, string>();
}
