namespace MptcpMatrix.Orchestrator.Kernels;

/// <summary>Reads a kernel <c>.config</c> (the <c>/boot/config-*</c> file Debian ships in its image packages).</summary>
internal static class KernelConfigFile
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

    /// <summary>What a VM cell needs from the kernel besides MPTCP, as <c>(option, what it is for)</c>: without any of
    /// these the agent cannot run as init or its results cannot come back.</summary>
    public static IReadOnlyList<(string Option, string Purpose)> VmRequirements { get; } =
    [
        ("CONFIG_MPTCP", "MPTCP"),
        ("CONFIG_SERIAL_8250", "the 8250 serial ports (console and results port)"),
        ("CONFIG_SERIAL_8250_CONSOLE", "the serial console"),
        ("CONFIG_BLK_DEV_INITRD", "the initramfs holding the agent"),
        ("CONFIG_BINFMT_ELF", "running the agent (an ELF binary)"),
    ];

    /// <summary>
    /// The pre-check of a VM boot from the kernel's config: what it lacks that the cell needs (<paramref name="missing"/>,
    /// each as <c>CONFIG_X (purpose)</c>) and what it lacks that only changes how the boot goes (<paramref name="notes"/>).
    /// Both are empty when there is no config (the boot decides).
    /// </summary>
    public static void CheckVmBoot(string? configPath, out List<string> missing, out List<string> notes)
    {
        missing = [];
        notes = [];
        if (configPath is null || !File.Exists(configPath)) return;
        var lines = File.ReadAllLines(configPath);
        foreach (var (option, purpose) in VmRequirements)
        {
            if (Value(lines, option) is not "y") missing.Add($"{option} ({purpose})");
        }

        if (Value(lines, "CONFIG_MPTCP") is "y" && Value(lines, "CONFIG_MPTCP_IPV6") is not "y")
            notes.Add("CONFIG_MPTCP_IPV6 is not set: MPTCP over IPv6 is unsupported on this kernel (the ipv6 cells say so)");
        if (Value(lines, "CONFIG_DEVTMPFS") is not "y")
            notes.Add("CONFIG_DEVTMPFS is not set: the agent creates its device nodes with mknod");
        if (Value(lines, "CONFIG_ACPI") is not "y")
            notes.Add("CONFIG_ACPI is not set: the kernel cannot power off; the agent reboots instead and the orchestrator stops QEMU once the results are complete");
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
