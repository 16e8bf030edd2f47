namespace MptcpMatrix.Orchestrator.Kernels;

/// <summary>Reads a kernel <c>.config</c> (the <c>/boot/config-*</c> file Debian ships in its image packages).</summary>
public static class KernelConfig
{
    /// <summary>Value of <paramref name="key"/> (<c>y</c>, <c>m</c>, a string) or null when unset or absent.</summary>
    public static string? Value(IEnumerable<string> lines, string key)
    {
        foreach (var line in lines)
        {
            if (line.StartsWith(key + "=", StringComparison.Ordinal)) return line[(key.Length + 1)..].Trim();
        }

        return null;
    }

    public static KernelConfigCheck CheckMptcp(string? configPath)
    {
        if (configPath is null || !File.Exists(configPath))
            return new KernelConfigCheck(true, false, "no kernel config available; MPTCP support is decided by booting");
        var lines = File.ReadAllLines(configPath);
        var mptcp = Value(lines, "CONFIG_MPTCP");
        if (mptcp is "y")
        {
            var v6 = Value(lines, "CONFIG_MPTCP_IPV6") is "y" ? ", CONFIG_MPTCP_IPV6=y" : ", CONFIG_MPTCP_IPV6 off";
            return new KernelConfigCheck(true, true, "CONFIG_MPTCP=y" + v6);
        }

        return new KernelConfigCheck(false, true,
            $"the kernel config has no MPTCP (CONFIG_MPTCP is {(mptcp ?? "not set")}); nothing to test on this kernel");
    }

    /// <summary>Whether the config has a filesystem virtme-ng can share the host root over (9p or virtiofs).</summary>
    public static bool HasSharedRootFilesystem(string configPath, out string detail)
    {
        var lines = File.ReadAllLines(configPath);
        var p9 = Value(lines, "CONFIG_9P_FS");
        var virtiofs = Value(lines, "CONFIG_VIRTIO_FS");
        detail = $"CONFIG_9P_FS={p9 ?? "not set"}, CONFIG_VIRTIO_FS={virtiofs ?? "not set"}";
        return p9 is "y" or "m";
    }
}
