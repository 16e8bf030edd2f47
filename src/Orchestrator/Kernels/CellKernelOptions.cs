namespace MptcpMatrix.Orchestrator.Kernels;

/// <summary>
/// The options <c>source: build</c> sets on top of the base config so that the kernel can run a cell under the vm
/// backend. <see cref="Required"/> must end up <c>=y</c> after <c>olddefconfig</c> (the build stops, naming them, when a
/// dependency keeps one off); <see cref="Wanted"/> are set as well but only help (syscalls the agent's runtime uses when
/// present, namespaces for the variants).
/// </summary>
internal static class CellKernelOptions
{
    public static IReadOnlyList<(string Option, string Purpose)> Required { get; } =
    [
        ("CONFIG_64BIT", "an x86-64 kernel (the agent is an x86-64 binary)"),
        ("CONFIG_PRINTK", "kernel messages on the console"),
        ("CONFIG_TTY", "terminals"),
        ("CONFIG_SERIAL_8250", "the 8250 serial ports (console and results port)"),
        ("CONFIG_SERIAL_8250_CONSOLE", "the serial console"),
        ("CONFIG_BLK_DEV_INITRD", "the initramfs holding the agent"),
        ("CONFIG_BINFMT_ELF", "running the agent (an ELF binary)"),
        ("CONFIG_PVH", "QEMU's direct PVH boot"),
        ("CONFIG_NET", "networking"),
        ("CONFIG_INET", "IPv4"),
        ("CONFIG_IPV6", "IPv6"),
        ("CONFIG_MPTCP", "MPTCP"),
        ("CONFIG_MPTCP_IPV6", "MPTCP over IPv6"),
        ("CONFIG_PROC_FS", "/proc (sysctls, the agent's runtime)"),
        ("CONFIG_SYSFS", "/sys"),
        ("CONFIG_FUTEX", "futexes (the agent's runtime)"),
        ("CONFIG_EPOLL", "epoll (the agent's runtime)"),
        ("CONFIG_NET_NS", "network namespaces (one per sysctl variant)"),
        ("CONFIG_NETDEVICES", "SO_BINDTODEVICE (without it setsockopt refuses it with ENOPROTOOPT: a false regression)"),
    ];

    public static IReadOnlyList<string> Wanted { get; } =
    [
        "CONFIG_HYPERVISOR_GUEST", "CONFIG_PARAVIRT", "CONFIG_UNIX", "CONFIG_SHMEM", "CONFIG_TMPFS", "CONFIG_MULTIUSER",
        "CONFIG_POSIX_TIMERS", "CONFIG_NAMESPACES", "CONFIG_SYSCTL", "CONFIG_PROC_SYSCTL", "CONFIG_SMP", "CONFIG_EVENTFD",
        "CONFIG_SIGNALFD", "CONFIG_TIMERFD", "CONFIG_INOTIFY_USER", "CONFIG_FILE_LOCKING", "CONFIG_ADVISE_SYSCALLS",
        "CONFIG_MEMBARRIER", "CONFIG_RSEQ",
    ];

    /// <summary>The <c>CONFIG_X=y</c> lines appended to the base config (wanted first, so that the required ones win).</summary>
    public static string Fragment() =>
        string.Concat(Wanted.Concat(Required.Select(r => r.Option)).Select(o => o + "=y\n"));

    /// <summary>The required options the final <c>.config</c> lacks, each as <c>CONFIG_X (purpose)</c>.</summary>
    public static List<string> Missing(string configPath)
    {
        var lines = File.ReadAllLines(configPath);
        return Required.Where(r => KernelConfigFile.Value(lines, r.Option) is not "y").Select(r => $"{r.Option} ({r.Purpose})").ToList();
    }
}
