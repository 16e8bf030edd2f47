using MptcpMatrix.TestSupport;

namespace MptcpMatrix.Agent.Tests.Layout;

/// <summary>
/// The kernel uapi header trees the layout tests compile against: the 6.1 one (bookworm's linux-libc-dev, the
/// machine's /usr/include on Debian 12, or a fetched copy) and trixie's 6.12 one, which has mptcp_full_info,
/// mptcp_subflow_info and the longer mptcp_info.
/// </summary>
internal static class UapiHeaders
{
    private static string Fetched(string suite) => Path.Combine(RepoPaths.Root, "artifacts", "uapi", suite, "usr", "include");

    /// <summary>-I directories for the 6.1 uapi: a fetched bookworm tree if present, else the system headers when
    /// they are 6.1-era (no MPTCP_FULL_INFO); otherwise skip (fail in CI) naming the script that fetches them.</summary>
    public static IReadOnlyList<string> Linux61()
    {
        Requires.Executable("gcc", "apt-get install gcc");
        var fetched = Fetched("bookworm");
        if (File.Exists(Path.Combine(fetched, "linux", "mptcp.h"))) return Tree(fetched);
        var system = "/usr/include/linux/mptcp.h";
        Requires.Capability(File.Exists(system), "the system's kernel uapi headers", "apt-get install linux-libc-dev");
        Requires.Capability(!File.ReadAllText(system).Contains("MPTCP_FULL_INFO", StringComparison.Ordinal),
            "6.1 uapi headers (the system's linux-libc-dev is newer)", "scripts/fetch-uapi-headers.sh bookworm");
        return [];
    }

    /// <summary>-I directories for trixie's 6.12 uapi (fetched by scripts/fetch-uapi-headers.sh).</summary>
    public static IReadOnlyList<string> Linux612()
    {
        Requires.Executable("gcc", "apt-get install gcc");
        var fetched = Fetched("trixie");
        Requires.Capability(File.Exists(Path.Combine(fetched, "linux", "mptcp.h")), "trixie's uapi headers (linux-libc-dev 6.12)",
            "scripts/fetch-uapi-headers.sh trixie");
        return Tree(fetched);
    }

    /// <summary>The tree and its multiarch asm directory (the asm/ headers of linux-libc-dev live under the triplet).</summary>
    private static string[] Tree(string include) => [include, Path.Combine(include, "x86_64-linux-gnu")];
}
