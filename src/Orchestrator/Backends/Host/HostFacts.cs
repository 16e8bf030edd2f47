namespace MptcpMatrix.Orchestrator.Backends.Host;

/// <summary>Facts about the machine the orchestrator runs on.</summary>
internal static class HostFacts
{
    public static string KernelRelease()
    {
        try
        {
            return File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
        }
        catch (IOException)
        {
            return Environment.OSVersion.VersionString;
        }
    }

    /// <summary>True/false = <c>net.mptcp.enabled</c> of this namespace; null = the kernel has no MPTCP.</summary>
    public static bool? MptcpEnabled()
    {
        try
        {
            return File.ReadAllText("/proc/sys/net/mptcp/enabled").Trim() != "0";
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Root, or both CAP_NET_ADMIN (12) and CAP_SYS_ADMIN (21) in the effective set.</summary>
    public static bool IsPrivileged()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("CapEff:", StringComparison.Ordinal))
                {
                    var caps = Convert.ToUInt64(line["CapEff:".Length..].Trim(), 16);
                    return (caps & (1UL << 12)) != 0 && (caps & (1UL << 21)) != 0;
                }
            }
        }
        catch (IOException)
        {
        }

        return Environment.UserName == "root";
    }
}
