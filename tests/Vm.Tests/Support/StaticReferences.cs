using CliWrap;
using CliWrap.Buffered;
using MptcpMatrix.TestSupport;

namespace MptcpMatrix.Vm.Tests.Support;

/// <summary>
/// The seed and the newest upstream mptcp_sockopt.c (GPL-2.0, in ../shared/reference; never part of the repository),
/// compiled with <c>gcc -static</c> for a guest that has no libc of its own, into a temp dir for this test run.
/// </summary>
public static class StaticReferences
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static (string Seed, string Latest)? _built;

    public static async Task<(string Seed, string Latest)> BuildAsync()
    {
        Requires.Executable("gcc", "apt-get install gcc libc6-dev");
        Requires.Capability(File.Exists(RepoPaths.Reference) && File.Exists(RepoPaths.ReferenceLatest),
            $"the reference selftests ({RepoPaths.Reference}, {RepoPaths.ReferenceLatest})", "copies of the kernel's mptcp_sockopt.c at those paths");
        await Gate.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            if (_built is { } done) return done;
            var dir = Directory.CreateTempSubdirectory("mm-static-references-").FullName;
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                try
                {
                    Directory.Delete(dir, recursive: true);
                }
                catch (IOException)
                {
                }
            };
            var seed = Path.Combine(dir, "mptcp_sockopt");
            var latest = Path.Combine(dir, "mptcp_sockopt.latest");
            await CompileAsync(["-O2", "-static", "-o", seed, RepoPaths.Reference]);
            await CompileAsync(["-O2", "-static", "-I", RepoPaths.ReferenceStub, "-o", latest, RepoPaths.ReferenceLatest]);
            _built = (seed, latest);
            return (seed, latest);
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>The kernel's mptcp_inq.c (../shared/reference), compiled the same way, once per test run.</summary>
    public static async Task<string> BuildInqAsync()
    {
        Requires.Executable("gcc", "apt-get install gcc libc6-dev");
        Requires.Capability(File.Exists(RepoPaths.ReferenceInq), $"the mptcp_inq selftest ({RepoPaths.ReferenceInq})", "a copy of the kernel's mptcp_inq.c at that path");
        var (seed, _) = await BuildAsync();
        var inq = Path.Combine(Path.GetDirectoryName(seed)!, "mptcp_inq");
        await Gate.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            if (!File.Exists(inq)) await CompileAsync(["-O2", "-static", "-o", inq, RepoPaths.ReferenceInq]);
            return inq;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task CompileAsync(string[] arguments)
    {
        var result = await Cli.Wrap("gcc").WithArguments(arguments).WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(TestContext.Current.CancellationToken);
        Assert.True(result.ExitCode == 0, $"gcc {string.Join(' ', arguments)} failed:\n{result.StandardError}");
    }
}
