namespace MptcpMatrix.Orchestrator.Kernels;

/// <summary>A verified, bootable kernel on local disk (in the cache, or a user's path).</summary>
/// <param name="Vmlinuz">The kernel image (bzImage).</param>
/// <param name="Release">The kernel release (uname -r), e.g. <c>6.1.0-50-cloud-amd64</c>.</param>
/// <param name="Source">The matrix.yml source it came from, e.g. <c>debian:bookworm</c>.</param>
/// <param name="Sha256">SHA-256 of the image file.</param>
/// <param name="Config">The kernel's <c>.config</c> when known (package <c>/boot/config-*</c>), else null.</param>
/// <param name="ModulesDir">Its <c>lib/modules/&lt;release&gt;</c> directory when it has one.</param>
/// <param name="Package">Debian package name and version (<c>name=version</c>) when it came from Debian.</param>
/// <param name="PackageSha256">SHA-256 of the Debian package it was extracted from.</param>
/// <param name="Flavour"><c>cloud</c>, <c>generic</c>, <c>rt</c> or null when unknown.</param>
/// <param name="Pocket">The Debian archive pocket it came from (<c>bookworm-security</c>), null for other sources.</param>
internal sealed record KernelImage(
    string Vmlinuz,
    string Release,
    string Source,
    string Sha256,
    string? Config,
    string? ModulesDir,
    string? Package,
    string? PackageSha256,
    string? Flavour,
    string? Pocket = null)
{
    /// <summary>What the kernel's config says about MPTCP (unknown when no config is available).</summary>
    public KernelConfigCheck Mptcp => KernelConfigFile.CheckMptcp(Config);
}
