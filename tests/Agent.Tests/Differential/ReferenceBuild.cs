using MptcpMatrix.Agent.Tests.Support;
using MptcpMatrix.TestSupport;

namespace MptcpMatrix.Agent.Tests.Differential;

/// <summary>
/// The upstream C selftest (tools/testing/selftests/net/mptcp/mptcp_sockopt.c, GPL-2.0): the seed the agent ports and
/// the newest upstream version, compiled into a temp directory for this test run only: neither the sources nor the
/// binaries are part of the repository.
/// </summary>
public sealed class ReferenceBuild : IAsyncLifetime
{
    private DirectoryInfo? _dir;

    public string? Binary { get; private set; }

    /// <summary>The newest upstream selftest, compiled.</summary>
    public string? Latest { get; private set; }

    public string? Problem { get; private set; }

    public async ValueTask InitializeAsync()
    {
        if (Requires.Which("gcc") is null)
        {
            Problem = "gcc";
            return;
        }

        if (!File.Exists(RepoPaths.Reference))
        {
            Problem = RepoPaths.Reference;
            return;
        }

        _dir = Directory.CreateTempSubdirectory("mm-reference-");
        var exe = Path.Combine(_dir.FullName, "mptcp_sockopt");
        var cc = await Proc.RunAsync("gcc", ["-O2", "-Wall", "-o", exe, RepoPaths.Reference], TimeSpan.FromSeconds(120));
        if (cc.ExitCode != 0) throw new InvalidOperationException("compiling the reference failed:\n" + Proc.Describe(cc));
        Binary = exe;
        if (File.Exists(RepoPaths.ReferenceLatest))
        {
            var latest = Path.Combine(_dir.FullName, "mptcp_sockopt.latest");
            cc = await Proc.RunAsync("gcc", ["-O2", "-Wall", "-I", RepoPaths.ReferenceStub, "-o", latest, RepoPaths.ReferenceLatest], TimeSpan.FromSeconds(120));
            if (cc.ExitCode != 0) throw new InvalidOperationException("compiling the latest reference failed:\n" + Proc.Describe(cc));
            Latest = latest;
        }
    }

    public ValueTask DisposeAsync()
    {
        _dir?.Delete(recursive: true);
        return ValueTask.CompletedTask;
    }

    /// <summary>The compiled reference, or skip (fail in CI) naming what is missing.</summary>
    public string Require()
    {
        Requires.Executable("gcc", "apt-get install gcc");
        Requires.Capability(File.Exists(RepoPaths.Reference), $"the reference selftest source ({RepoPaths.Reference})",
            "a copy of the kernel's tools/testing/selftests/net/mptcp/mptcp_sockopt.c at that path");
        return Binary ?? throw new InvalidOperationException("the reference was not built: " + Problem);
    }

    /// <summary>The compiled reference of that name: <c>seed</c> or <c>latest</c>.</summary>
    public string Require(string which)
    {
        var seed = Require();
        if (which == "seed") return seed;
        Requires.Capability(File.Exists(RepoPaths.ReferenceLatest), $"the latest reference selftest ({RepoPaths.ReferenceLatest})",
            "a copy of the newest mptcp_sockopt.c at that path");
        return Latest ?? throw new InvalidOperationException("the latest reference was not built");
    }
}
