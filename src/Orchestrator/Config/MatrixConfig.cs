using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using MptcpMatrix.Contracts;

namespace MptcpMatrix.Orchestrator.Config;

/// <summary>The typed content of matrix.yml. Property names map to snake_case YAML keys; the JSON Schema is generated from these types.</summary>
[Description("MptcpMatrix: kernels x families x backends x sysctl variants. See docs/orchestrator.md.")]
internal sealed record MatrixConfig
{
    [Required, MinLength(1)]
    [Description("Kernels to test. `host` kernels run on the host/container backends; every other source runs in a VM (vm/virtme).")]
    public IReadOnlyList<KernelConfig> Kernels { get; init; } = [];

    [AllowedValues(AgentFamilies.IPv4, AgentFamilies.IPv6), MinLength(1)]
    [Description("Address families; each is its own cell.")]
    public IReadOnlyList<string> Families { get; init; } = AgentFamilies.All;

    [AllowedValues("host", "container", "vm", "virtme"), MinLength(1)]
    [Description("Backends axis. A kernel only gets the backends that can reach it.")]
    public IReadOnlyList<string> Backends { get; init; } = ["host"];

    [MinLength(1)]
    [Description("Sysctl variants; each variant's values are applied only inside the cell's network namespace.")]
    public IReadOnlyList<SysctlVariantConfig> Sysctls { get; init; } = [new SysctlVariantConfig { Name = "default" }];

    [AllowedValues("scratch", "debian", "alpine"), MinLength(1)]
    [Description("Container backend only: the image userspaces to run the agent in.")]
    public IReadOnlyList<string> Userspaces { get; init; } = ["scratch"];

    [AllowedValues("selftest", "sockopts", "inq", "fallback"), MinLength(1)]
    [Description("Agent suites every cell runs: the ported selftest, the socket-option support grid (sockopts), the TCP_INQ/ioctl behaviours (inq) and plain-TCP peers (fallback). Not an axis: each cell reports all of them.")]
    public IReadOnlyList<string> Suites { get; init; } = KnownValues.Suites;

    [Description("Extra cells, like GitHub's matrix include: axes an entry leaves out expand over all their values.")]
    public IReadOnlyList<MatrixRule> Include { get; init; } = [];

    [Description("Removes every expanded cell that matches all keys of an entry (applied before include).")]
    public IReadOnlyList<MatrixRule> Exclude { get; init; } = [];

    [Range(1, 100)]
    [Description("Runs every cell this many times (ids get -r1, -r2, ... when > 1).")]
    public int Repeat { get; init; } = 1;

    [Range(5, 7200)]
    [Description("Seconds per cell, boot included. A VM batch gets the sum of its cells' timeouts, capped.")]
    public int Timeout { get; init; } = 180;

    [Range(0, 10)]
    [Description("Retries for infrastructure failures only; a failing check is never retried.")]
    public int Retries { get; init; } = 1;

    [Range(1, 64)]
    [Description("Batches running at the same time.")]
    public int Parallel { get; init; } = 2;

    [Description("Debian kernel downloads.")]
    public DebianSettings Debian { get; init; } = new();

    [Description("Upstream kernels (source: mainline).")]
    public MainlineSettings Mainline { get; init; } = new();

    [Description("QEMU settings of the vm backend.")]
    public VmSettings Vm { get; init; } = new();

    [Description("Container backend settings.")]
    public ContainerSettings Container { get; init; } = new();

    [Description("Cache directory for kernels and images; null = $XDG_CACHE_HOME/mptcpmatrix or ~/.cache/mptcpmatrix.")]
    public string? Cache { get; init; }

    /// <summary>The file this configuration was read from (absolute), for messages and relative paths.</summary>
    [SchemaIgnore]
    public string SourceFile { get; init; } = "";

    /// <summary>The cache directory to use: <see cref="Cache"/> or the XDG default (<see cref="Orchestrator.Kernels.KernelCache.DefaultRoot"/>).</summary>
    public string ResolveCacheDir() =>
        string.IsNullOrEmpty(Cache) ? Orchestrator.Kernels.KernelCache.DefaultRoot() : Path.GetFullPath(Cache, Path.GetDirectoryName(SourceFile) ?? ".");
}
