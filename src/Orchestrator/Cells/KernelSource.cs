namespace MptcpMatrix.Orchestrator.Cells;

/// <summary>Where a kernel comes from, as matrix.yml names it.</summary>
/// <param name="Kind"><c>host</c>, <c>debian</c>, <c>path</c>, <c>url</c>, <c>mainline</c> or <c>build</c>.</param>
/// <param name="Suite">debian: a suite (bookworm, trixie, ...) resolved to its newest cloud kernel.</param>
/// <param name="Package">debian: an exact package name, optionally with <c>=version</c>.</param>
/// <param name="Flavour">debian: <c>cloud</c> (default), <c>generic</c> (the plain -amd64 kernel, needed by virtme-ng) or <c>rt</c> (PREEMPT_RT).</param>
/// <param name="Path">path: a vmlinuz/bzImage on disk.</param>
/// <param name="ModulesDir">path: an optional modules directory (lib/modules/&lt;release&gt;).</param>
/// <param name="Url">url: where to download a kernel image.</param>
/// <param name="Sha256">url: the pinned SHA-256 of the download.</param>
/// <param name="Version">debian with suite: the version of the flavour's meta package to pin (e.g. <c>6.1.176-1</c>), in any pocket;
/// mainline: the upstream release (<c>6.6</c>: the newest 6.6.y; <c>6.6.63</c>).</param>
/// <param name="Tree">build: the kernel source tree to configure and build.</param>
/// <param name="ConfigFragments">build: config fragments applied after what a cell needs (absolute paths).</param>
/// <param name="Base">build: the config the cell's options go on top of: <c>.config</c> (the tree's), <c>defconfig</c> or
/// <c>tinyconfig</c>; null = the tree's .config when it has one, else defconfig.</param>
internal sealed record KernelSource(
    string Kind,
    string? Suite = null,
    string? Package = null,
    string? Flavour = null,
    string? Path = null,
    string? ModulesDir = null,
    string? Url = null,
    string? Sha256 = null,
    string? Version = null,
    string? Tree = null,
    IReadOnlyList<string>? ConfigFragments = null,
    string? Base = null)
{
    public static KernelSource Host { get; } = new("host");

    public bool IsHost => Kind == "host";

    public override string ToString() => Kind switch
    {
        "host" => "host",
        "debian" => Package is not null ? $"debian:{Package}" : $"debian:{Suite}" + (Flavour is null or "cloud" ? "" : $"/{Flavour}") + (Version is null ? "" : $"={Version}"),
        "path" => $"path:{Path}",
        "url" => $"url:{Url}",
        "mainline" => $"mainline:{Version}",
        "build" => $"build:{Tree}",
        _ => Kind,
    };
}
