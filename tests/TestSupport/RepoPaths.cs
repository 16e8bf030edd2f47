namespace MptcpMatrix.TestSupport;

/// <summary>Paths of the repository and its build artifacts, found from the test assembly's location.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Published agent binary (built by <c>scripts/build-agent.sh</c>).</summary>
    public static string AgentBinary => Path.Combine(AgentDir, "bin", "mptcp-agent");

    /// <summary>Bundle root (<c>opt/mptcp-agent/...</c>).</summary>
    public static string AgentBundle => Path.Combine(AgentDir, "bundle");

    public static string AgentDir =>
        Environment.GetEnvironmentVariable("MPTCPMATRIX_AGENT_DIR") ?? Path.Combine(Root, "artifacts", "agent");

    public static string Reference => Path.GetFullPath(Path.Combine(Root, "..", "shared", "reference", "mptcp_sockopt.c"));

    /// <summary>The newest upstream selftest (needs <see cref="ReferenceStub"/> on the include path).</summary>
    public static string ReferenceLatest => Path.GetFullPath(Path.Combine(Root, "..", "shared", "reference", "mptcp_sockopt.latest.c"));

    /// <summary>The kernel's mptcp_inq selftest, which the agent's inq suite ports.</summary>
    public static string ReferenceInq => Path.GetFullPath(Path.Combine(Root, "..", "shared", "reference", "mptcp_inq.c"));

    /// <summary>The include directory that supplies linux/compiler.h for <see cref="ReferenceLatest"/>.</summary>
    public static string ReferenceStub => Path.GetFullPath(Path.Combine(Root, "..", "shared", "reference", "stub"));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MptcpMatrix.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException("MptcpMatrix.sln not found above " + AppContext.BaseDirectory);
    }
}
