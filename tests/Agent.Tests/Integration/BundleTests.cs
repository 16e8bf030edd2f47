using System.Formats.Tar;
using System.IO.Compression;
using MptcpMatrix.Agent.Tests.Support;
using MptcpMatrix.TestSupport;

namespace MptcpMatrix.Agent.Tests.Integration;

/// <summary>The bundle (agent + its loader and libraries) is what runs in containers built FROM scratch and in VMs.</summary>
public sealed class BundleTests
{
    private static string Tarball => Path.Combine(RepoPaths.AgentDir, "mptcp-agent-bundle.tar.gz");

    [Fact]
    public async Task The_bundle_tarball_runs_in_an_otherwise_empty_root_and_passes()
    {
        Requires.Root();
        Requires.HostMptcp();
        Requires.Executable("chroot", "apt-get install coreutils");
        Requires.Capability(File.Exists(Tarball), "the agent bundle", "scripts/build-agent.sh");
        var root = Directory.CreateTempSubdirectory("mm-bundle-root-");
        try
        {
            await using (var gz = new GZipStream(File.OpenRead(Tarball), CompressionMode.Decompress))
            {
                await TarFile.ExtractToDirectoryAsync(gz, root.FullName, overwriteFiles: false, TestContext.Current.CancellationToken);
            }

            Assert.Equal(["opt"], root.GetFileSystemInfos().Select(e => e.Name));

            var result = await Proc.RunAsync("chroot",
            [
                root.FullName, "/opt/mptcp-agent/lib/ld-linux-x86-64.so.2", "--library-path", "/opt/mptcp-agent/lib",
                "/opt/mptcp-agent/mptcp-agent", "--new-netns", "--seed", "5",
            ], PublishedAgent.Timeout);

            Assert.True(result.ExitCode == 0, Proc.Describe(result));
            var report = PublishedAgent.Report(result);
            Assert.Equal(Contracts.CheckOutcome.Pass, report.Verdict);
            Assert.Equal(2, report.Families.Count);
            Assert.Empty(report.Kernel.MptcpSysctls); // no /proc in the empty root: nothing read, nothing needed
            Assert.Equal(["opt"], root.GetFileSystemInfos().Select(e => e.Name)); // and nothing written there
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_bundle_tarball_is_under_5_MB()
    {
        Requires.Capability(File.Exists(Tarball), "the agent bundle", "scripts/build-agent.sh");

        var size = new FileInfo(Tarball).Length;

        Assert.True(size < 5 * 1024 * 1024, $"{Tarball} is {size} bytes");
    }

    [Fact]
    public async Task The_bundle_holds_the_agent_its_loader_and_the_libraries_it_links_nothing_else()
    {
        Requires.Capability(File.Exists(Tarball), "the agent bundle", "scripts/build-agent.sh");
        var names = new List<string>();
        await using var gz = new GZipStream(File.OpenRead(Tarball), CompressionMode.Decompress);
        await using var tar = new TarReader(gz);
        while (await tar.GetNextEntryAsync(copyData: false, TestContext.Current.CancellationToken) is { } entry)
        {
            if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile)
            {
                names.Add(entry.Name.TrimStart('.', '/'));
                Assert.True(entry.Mode.HasFlag(UnixFileMode.UserExecute), $"{entry.Name} is not executable");
                Assert.Equal(0, entry.Uid);
            }
        }

        Assert.Contains("opt/mptcp-agent/mptcp-agent", names);
        Assert.Contains("opt/mptcp-agent/lib/ld-linux-x86-64.so.2", names);
        Assert.Contains("opt/mptcp-agent/lib/libc.so.6", names);
        Assert.All(names, n => Assert.Matches(@"^opt/mptcp-agent/(mptcp-agent|lib/[a-z0-9_.-]+\.so(\.\d+)*)$", n));
    }
}
