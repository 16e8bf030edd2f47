using MptcpMatrix.Orchestrator.Kernels;

namespace MptcpMatrix.Orchestrator.Backends.Vm;

/// <summary>
/// The kernel modules a matrix boot loads before its variants run: the socket-diag modules (<c>tcp_diag</c> and its
/// <c>inet_diag</c>) when the kernel builds them as modules, as Debian's do. The sockopts suite's subflow checks read the
/// MPTCP connection's subflows through NETLINK_SOCK_DIAG; without them every one of those checks would be refused for
/// a reason that is neither the kernel's age nor a bug (a guest has no modprobe for the kernel to ask).
/// </summary>
internal static class GuestModules
{
    public static readonly IReadOnlyList<string> Diag = ["tcp_diag"];

    /// <summary>The suite whose checks need them: only the sockopts suite reads subflows through sock_diag.</summary>
    public const string NeededBy = "sockopts";

    /// <summary>The module files of <paramref name="image"/> to load, dependencies first, for a boot that runs
    /// <paramref name="suites"/> (null: all); empty when built in or absent, or when no suite of the boot needs them (a
    /// selftest-only boot spends no time loading them).</summary>
    public static IReadOnlyList<string> For(KernelImage image, IReadOnlyList<string>? suites)
    {
        if (suites is not null && !suites.Contains(NeededBy, StringComparer.Ordinal)) return [];
        if (image.ModulesDir is not { } modules || !File.Exists(Path.Combine(modules, "modules.dep"))) return [];
        // Without a config, whatever the modules directory has is loaded; with one, only what it builds as a module.
        if (image.Config is { } config && File.Exists(config) && KernelConfigFile.Value(File.ReadLines(config), "CONFIG_INET_TCP_DIAG") != "m") return [];
        return ModuleClosure.Of(modules, Diag, skipMissing: true);
    }
}
