using Xunit;

namespace MptcpMatrix.TestSupport;

/// <summary>
/// Capability gates. Locally a missing capability skips the test with a message naming what to install;
/// in CI (<c>CI=true</c>) it fails, because CI installs everything.
/// </summary>
public static class Requires
{
    /// <summary>The orchestrator's own CI detection (<c>CI=true</c> in any case, or <c>CI=1</c>), so tests and runs agree.</summary>
    public static bool InCi => Orchestrator.Infrastructure.RunEnvironment.InCi;

    /// <summary>Skips (locally) or fails (CI) unless <paramref name="available"/>.</summary>
    public static void Capability(bool available, string what, string install)
    {
        if (available) return;
        var message = $"{what} is not available here; install it with: {install}";
        if (InCi) Assert.Fail("CI must provide this capability: " + message);
        Assert.Skip(message);
    }

    public static void Root() =>
        Capability(Environment.UserName == "root" || GetEuid() == 0, "root (or CAP_NET_ADMIN/CAP_SYS_ADMIN)", "sudo");

    /// <summary>The running kernel can open an MPTCP socket in a fresh network namespace.</summary>
    public static void HostMptcp() =>
        Capability(File.Exists("/proc/sys/net/mptcp/enabled"), "MPTCP in the running kernel (CONFIG_MPTCP)", "a kernel with CONFIG_MPTCP=y (Linux >= 5.6)");

    public static void Executable(string name, string install) =>
        Capability(Which(name) is not null, $"'{name}'", install);

    /// <summary>Full path of <paramref name="name"/> on PATH, or null.</summary>
    public static string? Which(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':'))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }

        return null;
    }

    private static uint GetEuid()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("Uid:", StringComparison.Ordinal))
                    return uint.Parse(line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[2]);
            }
        }
        catch (IOException)
        {
        }

        return uint.MaxValue;
    }
}
