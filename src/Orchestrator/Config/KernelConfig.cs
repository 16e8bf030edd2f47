using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using MptcpMatrix.Orchestrator.Cells;

namespace MptcpMatrix.Orchestrator.Config;

/// <summary>One entry of <c>kernels</c>.</summary>
[Description("A kernel: a name and where it comes from.")]
internal sealed record KernelConfig
{
    [Required, RegularExpression(KnownValues.NamePattern)]
    [Description("Unique name, used in cell ids.")]
    public string Name { get; init; } = "";

    [Required, AllowedValues("host", "debian", "path", "url", "mainline", "build")]
    [Description("host = the running kernel; debian = a Debian kernel package (suite or package); path = a vmlinuz/bzImage on disk; url = a bzImage or kernel .deb download with a pinned sha256; mainline = an upstream release from a mainline-build archive (version); build = a local kernel source tree, configured for a cell and built out of tree into the kernel cache (tree).")]
    public string Source { get; init; } = "";

    [AllowedValues("bullseye", "bullseye-backports", "bookworm", "bookworm-backports", "trixie", "trixie-backports", "forky", "sid")]
    [Description("debian: the suite whose newest kernel is used, across the suite and its -security and -updates pockets (as apt on a machine of that suite).")]
    public string? Suite { get; init; }

    [RegularExpression(KnownValues.PackagePattern)]
    [Description("debian: an exact package, e.g. linux-image-6.1.0-47-cloud-amd64 or linux-image-6.1.0-47-cloud-amd64=6.1.158-1.")]
    public string? Package { get; init; }

    [AllowedValues("cloud", "generic", "rt")]
    [Description("debian: cloud (default, small), generic (the plain -amd64 kernel, which virtme-ng needs) or rt (PREEMPT_RT).")]
    public string? Flavour { get; init; }

    [RegularExpression(KnownValues.DebianVersionPattern)]
    [Description("debian with suite: pin the flavour's meta package to this version (e.g. 6.1.176-1), found in whichever of the suite's pockets (suite, -security, -updates) has it. mainline: the upstream release, 6.6 (the newest 6.6.y) or 6.6.63.")]
    public string? Version { get; init; }

    [Description("path: a vmlinuz/bzImage file (relative to matrix.yml).")]
    public string? Path { get; init; }

    [Description("path: optional modules directory (lib/modules/<release>).")]
    public string? Modules { get; init; }

    [RegularExpression("^https?://")]
    [Description("url: where to download the kernel image.")]
    public string? Url { get; init; }

    [RegularExpression("^[0-9a-fA-F]{64}$")]
    [Description("url: the pinned SHA-256 of the download.")]
    public string? Sha256 { get; init; }

    [Description("build: the kernel source tree (a git checkout or an unpacked linux-source tarball; relative to matrix.yml). Rebuilt only when its commit, its uncommitted diff (git) or its files (sizes, mtimes: other trees), or the config change.")]
    public string? Tree { get; init; }

    [Description("build: config fragment files (CONFIG_X=y lines, relative to matrix.yml) applied after the options a cell needs.")]
    public IReadOnlyList<string>? Config { get; init; }

    [Description("build: the config the cell's options go on top of: defconfig (default), tinyconfig (the smallest kernel that boots a cell) or a config file (relative to matrix.yml, e.g. a saved .config of the tree or /boot/config-<release>).")]
    public string? Base { get; init; }

    [AllowedValues("host", "container", "vm", "virtme")]
    [Description("Restricts the backends axis for this kernel.")]
    public IReadOnlyList<string>? Backends { get; init; }

    /// <summary>Where this entry starts in matrix.yml.</summary>
    [SchemaIgnore]
    public SourceMark At { get; init; } = SourceMark.None;

    /// <summary>The orchestrator-level description of the source.</summary>
    public KernelSource ToKernelSource() => Source switch
    {
        "host" => KernelSource.Host,
        "debian" => new KernelSource("debian", Suite: Suite, Package: Package, Flavour: Flavour ?? "cloud", Version: Version),
        "path" => new KernelSource("path", Path: Path, ModulesDir: Modules),
        "url" => new KernelSource("url", Url: Url, Sha256: Sha256?.ToLowerInvariant()),
        "mainline" => new KernelSource("mainline", Version: Version),
        "build" => new KernelSource("build", Tree: Tree, ConfigFragments: Config, Base: Base),
        _ => new KernelSource(Source),
    };
}
