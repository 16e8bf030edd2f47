using MptcpMatrix.Agent.Tests.Support;
using MptcpMatrix.TestSupport;

namespace MptcpMatrix.Agent.Tests.Differential;

/// <summary>The kernel's mptcp_inq selftest (GPL-2.0), compiled with gcc into a temp directory for this test run only:
/// neither its source nor the binary is part of the repository.</summary>
public sealed class InqReferenceBuild : IAsyncLifetime
{
    private DirectoryInfo? _dir;

    public string? Binary { get; private set; }

    public async ValueTask InitializeAsync()
    {
        if (Requires.Which("gcc") is null || !File.Exists(RepoPaths.ReferenceInq)) return;
        _dir = Directory.CreateTempSubdirectory("mm-inq-reference-");
        var exe = Path.Combine(_dir.FullName, "mptcp_inq");
        var cc = await Proc.RunAsync("gcc", ["-O2", "-Wall", "-o", exe, RepoPaths.ReferenceInq], TimeSpan.FromSeconds(120));
        if (cc.ExitCode != 0) throw new InvalidOperationException("compiling mptcp_inq.c failed:\n" + Proc.Describe(cc));
        Binary = exe;
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
        Requires.Capability(File.Exists(RepoPaths.ReferenceInq), $"the mptcp_inq selftest source ({RepoPaths.ReferenceInq})",
            "a copy of the kernel's tools/testing/selftests/net/mptcp/mptcp_inq.c at that path");
        return Binary ?? throw new InvalidOperationException("mptcp_inq was not built");
    }
}
