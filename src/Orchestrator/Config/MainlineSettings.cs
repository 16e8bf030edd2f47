using System.ComponentModel;

namespace MptcpMatrix.Orchestrator.Config;

/// <summary><c>mainline:</c> settings of the <c>source: mainline</c> kernels.</summary>
internal sealed record MainlineSettings
{
    [Description("Base URL of a mainline-build archive laid out as Ubuntu's (v<version>/amd64/linux-image-unsigned-*.deb, linux-modules-*.deb, CHECKSUMS); required by source: mainline (no archive is built in: where packages come from is your setting).")]
    public string? Url { get; init; }

    [Description("A keyring file (gpgv) that v<version>/amd64/CHECKSUMS.gpg must verify CHECKSUMS against; null = the SHA-256 lines of CHECKSUMS only.")]
    public string? Keyring { get; init; }
}
