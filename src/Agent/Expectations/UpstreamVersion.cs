namespace MptcpMatrix.Agent.Expectations;

/// <summary>
/// The upstream release a running kernel is built from, read from what uname(2) reports. Distribution kernels name
/// their ABI, not their upstream version, in the release: Debian's <c>6.1.0-50-cloud-amd64</c> is upstream 6.1.176,
/// which only the version string says (<c>#1 SMP PREEMPT_DYNAMIC Debian 6.1.176-1 (2026-...)</c>). An upstream or
/// self-built kernel's release starts with its version (<c>6.18.44-fc-v1045</c>). A release that does not start with
/// one is a custom kernel whose version is unknown.
/// </summary>
internal static class UpstreamVersion
{
    /// <summary>The version and where it was read, or (null, why) when it cannot be told.</summary>
    public static (KernelVersion? Version, string Source) Detect(string release, string version)
    {
        // Debian: "... Debian 6.1.176-1 (date)", "Debian 6.12.95-1~bpo12+1"; Ubuntu-style signatures are not in uname.
        foreach (var marker in (ReadOnlySpan<string>)["Debian ", "Ubuntu "])
        {
            var at = version.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0 && KernelVersion.ParsePrefix(version.AsSpan(at + marker.Length)) is { } packaged)
                return (packaged, $"uname -v ({marker.Trim()} package version)");
        }

        if (KernelVersion.ParsePrefix(release) is { } fromRelease)
        {
            // "6.1.0-50-cloud-amd64": a distribution ABI name whose patch level is 0; the release is still right.
            return fromRelease.Patch == 0 && release.Contains('-', StringComparison.Ordinal)
                ? (fromRelease with { Patch = -1 }, "uname -r (ABI name: stable patch level unknown)")
                : (fromRelease, "uname -r");
        }

        return (null, $"unknown: neither uname -r ('{release}') nor uname -v names an upstream version");
    }

    /// <summary>An explicit <c>--kernel-version</c>: a version, or <c>unknown</c> to judge by errno alone.</summary>
    public static (KernelVersion? Version, string Source)? FromOption(string? value) => value switch
    {
        null => null,
        "unknown" => (null, "unknown: --kernel-version unknown"),
        _ => (KernelVersion.ParsePrefix(value) ?? throw new Host.AgentException("arguments", $"--kernel-version expects MAJOR.MINOR[.PATCH] or unknown, got '{value}'"),
            "--kernel-version"),
    };
}
