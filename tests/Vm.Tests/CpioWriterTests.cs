using CliWrap;
using CliWrap.Buffered;
using MptcpMatrix.Orchestrator.Backends.Vm;
using MptcpMatrix.Orchestrator.Kernels;
using MptcpMatrix.TestSupport;

namespace MptcpMatrix.Vm.Tests;

public sealed class CpioWriterTests
{
    /// <summary>Runs <paramref name="body"/> with the built agent (which must have its static binary) and a fresh temporary directory.</summary>
    private static Task WithStaticAgentAsync(Func<MptcpMatrix.Orchestrator.Backends.AgentArtifacts, DirectoryInfo, Task> body)
    {
        var agent = MptcpMatrix.Orchestrator.Backends.AgentArtifacts.Locate(RepoPaths.AgentDir);
        Requires.Capability(File.Exists(agent.StaticBinary), "the built static agent", "scripts/build-agent.sh");
        return InTempDirAsync(dir => body(agent, dir));
    }

    /// <summary>Runs <paramref name="body"/> with a fresh temporary directory, deleted afterwards whatever happens.</summary>
    private static async Task InTempDirAsync(Func<DirectoryInfo, Task> body)
    {
        var dir = Directory.CreateTempSubdirectory("cpio-test-");
        try
        {
            await body(dir);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static async Task<BufferedCommandResult> CpioAsync(string archive, string workdir, params string[] args)
    {
        var result = await Cli.Wrap("cpio").WithArguments(args).WithWorkingDirectory(workdir)
            .WithStandardInputPipe(PipeSource.FromFile(archive)).WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(TestContext.Current.CancellationToken);
        Assert.True(result.ExitCode == 0, $"cpio {string.Join(' ', args)} failed: {result.StandardError}");
        return result;
    }

    [Fact]
    public async Task An_archive_lists_and_extracts_with_gnu_cpio_byte_for_byte()
    {
        Requires.Executable("cpio", "apt-get install cpio");
        await InTempDirAsync(async dir =>
        {
            var archive = Path.Combine(dir.FullName, "a.cpio");
            var odd = new byte[1001];
            Random.Shared.NextBytes(odd);
            await using (var stream = File.Create(archive))
            using (var cpio = new CpioWriter(stream))
            {
                cpio.AddParents("usr/lib/deep/x");
                cpio.AddFile("usr/lib/deep/odd.bin", odd, 0x1ED);
                cpio.AddFile("empty", []);
                cpio.AddSymlink("link", "usr/lib/deep/odd.bin");
                cpio.AddDirectory("proc");
            }

            var list = (await CpioAsync(archive, dir.FullName, "-t", "--quiet")).StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(["usr", "usr/lib", "usr/lib/deep", "usr/lib/deep/odd.bin", "empty", "link", "proc"], list);

            var extract = Directory.CreateDirectory(Path.Combine(dir.FullName, "x")).FullName;
            await CpioAsync(archive, extract, "-i", "-d", "--quiet", "--no-absolute-filenames");
            Assert.Equal(odd, await File.ReadAllBytesAsync(Path.Combine(extract, "usr/lib/deep/odd.bin"), TestContext.Current.CancellationToken));
            Assert.Equal(0, new FileInfo(Path.Combine(extract, "empty")).Length);
            Assert.Equal("usr/lib/deep/odd.bin", new FileInfo(Path.Combine(extract, "link")).LinkTarget);
            Assert.True(File.GetUnixFileMode(Path.Combine(extract, "usr/lib/deep/odd.bin")).HasFlag(UnixFileMode.UserExecute));
        });
    }

    [Fact]
    public async Task The_agent_initramfs_holds_init_its_loader_libraries_and_a_console_device()
    {
        Requires.Executable("cpio", "apt-get install cpio");
        var agent = MptcpMatrix.Orchestrator.Backends.AgentArtifacts.Locate(RepoPaths.AgentDir);
        Requires.Capability(File.Exists(agent.Binary), "the built agent", "scripts/build-agent.sh");
        await InTempDirAsync(async dir =>
        {
            var archive = Path.Combine(dir.FullName, "i.cpio");
            await using (var stream = File.Create(archive))
                InitramfsBuilder.Write(stream, agent.Binary, Path.Combine(agent.BundleRoot, "opt/mptcp-agent/lib"), compress: false);
            var verbose = (await CpioAsync(archive, dir.FullName, "-t", "-v", "--quiet")).StandardOutput;
            Assert.Matches(@"(?m)^crw-------.*5,\s+1 .*dev/console$", verbose);
            Assert.Matches(@"(?m)^-rwxr-xr-x.* init$", verbose);
            Assert.Matches(@"(?m)^-rwxr-xr-x.* lib64/ld-linux-x86-64\.so\.2$", verbose);
            Assert.Matches(@"(?m)^-rwxr-xr-x.* lib/x86_64-linux-gnu/libc\.so\.6$", verbose);
            Assert.Matches(@"(?m)^d.* proc$", verbose);
            Assert.DoesNotMatch(@"busybox|bin/sh", verbose);
        });
    }

    [Fact]
    public async Task The_agents_initramfs_holds_the_static_agent_as_init_and_no_loader_or_libraries()
    {
        Requires.Executable("cpio", "apt-get install cpio");
        var agent = MptcpMatrix.Orchestrator.Backends.AgentArtifacts.Locate(RepoPaths.AgentDir);
        Requires.Capability(File.Exists(agent.StaticBinary), "the built static agent", "scripts/build-agent.sh");
        await InTempDirAsync(async dir =>
        {
            var archive = InitramfsBuilder.ForAgent(agent, dir.FullName, compress: false);
            var names = (await CpioAsync(archive, dir.FullName, "-t", "--quiet")).StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Contains("init", names);
            Assert.DoesNotContain(names, n => n.EndsWith(".so.6", StringComparison.Ordinal) || n.EndsWith(".so.2", StringComparison.Ordinal));

            var extract = Directory.CreateDirectory(Path.Combine(dir.FullName, "x")).FullName;
            await CpioAsync(archive, extract, "-i", "-d", "--quiet", "--no-absolute-filenames", "init");
            Assert.Equal(await File.ReadAllBytesAsync(agent.StaticBinary!, TestContext.Current.CancellationToken),
                await File.ReadAllBytesAsync(Path.Combine(extract, "init"), TestContext.Current.CancellationToken));
            // A static ELF has no PT_INTERP: nothing in the archive has to resolve it.
            var elf = await Cli.Wrap("readelf").WithArguments(["-l", Path.Combine(extract, "init")])
                .ExecuteBufferedAsync(TestContext.Current.CancellationToken);
            Assert.DoesNotContain("INTERP", elf.StandardOutput, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Without_a_static_agent_the_initramfs_falls_back_to_the_dynamic_agent_and_its_libraries()
    {
        Requires.Executable("cpio", "apt-get install cpio");
        var agent = MptcpMatrix.Orchestrator.Backends.AgentArtifacts.Locate(RepoPaths.AgentDir) with { StaticBinary = "/nonexistent/mptcp-agent" };
        Requires.Capability(File.Exists(agent.Binary), "the built agent", "scripts/build-agent.sh");
        await InTempDirAsync(async dir =>
        {
            var archive = InitramfsBuilder.ForAgent(agent, dir.FullName, compress: false);
            var names = (await CpioAsync(archive, dir.FullName, "-t", "--quiet")).StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);

            Assert.Contains("init", names);
            Assert.Contains("lib64/ld-linux-x86-64.so.2", names);
            Assert.Contains("lib/x86_64-linux-gnu/libc.so.6", names);
        });
    }

    [Fact]
    public async Task A_cached_agent_initramfs_that_was_altered_is_rebuilt_before_any_boot_uses_it()
    {
        await WithStaticAgentAsync(async (agent, dir) =>
        {
            var archive = InitramfsBuilder.ForAgent(agent, dir.FullName, compress: false);
            var good = await File.ReadAllBytesAsync(archive, TestContext.Current.CancellationToken);
            Assert.True(File.Exists(HashStamp.PathFor(archive)), "no hash stamp kept beside the cached archive");

            // One flipped byte in the middle of the agent (as a disk error or another process would leave it): the
            // mtime moves, so the archive is hashed again, found altered and rebuilt.
            var damaged = (byte[])good.Clone();
            damaged[damaged.Length / 2] ^= 0xFF;
            await File.WriteAllBytesAsync(archive, damaged, TestContext.Current.CancellationToken);
            var again = InitramfsBuilder.ForAgent(agent, dir.FullName, compress: false);

            Assert.Equal(archive, again);
            Assert.Equal(good, await File.ReadAllBytesAsync(again, TestContext.Current.CancellationToken));

            // Damaged with its size and mtime put back, and then the stamp lost: an archive without a stamp is not trusted either.
            var mtime = File.GetLastWriteTimeUtc(archive);
            await File.WriteAllBytesAsync(archive, damaged, TestContext.Current.CancellationToken);
            File.SetLastWriteTimeUtc(archive, mtime);
            File.Delete(HashStamp.PathFor(archive));
            Assert.Equal(good, await File.ReadAllBytesAsync(InitramfsBuilder.ForAgent(agent, dir.FullName, compress: false), TestContext.Current.CancellationToken));
        });
    }

    [Fact]
    public async Task A_warm_call_names_the_archive_from_the_remembered_hashes_of_the_agent_files_without_reading_them_again()
    {
        await WithStaticAgentAsync(async (agent, dir) =>
        {
            var archive = InitramfsBuilder.ForAgent(agent, dir.FullName, compress: false);
            var stamp = Assert.Single(Directory.GetFiles(Path.Combine(dir.FullName, "initramfs", "inputs")));
            var real = await Hashing.Sha256FileAsync(agent.StaticBinary!, TestContext.Current.CancellationToken);

            // Proof that the agent is not hashed again: another hash in its stamp (same size and mtime) names another archive.
            File.WriteAllText(stamp, File.ReadAllText(stamp).Replace(real, new string('b', 64), StringComparison.Ordinal));
            var named = InitramfsBuilder.ForAgent(agent, dir.FullName, compress: false);

            Assert.NotEqual(archive, named);
            // And an agent whose mtime is not the stamp's (a rebuilt one) is hashed again: the real hash names the first archive again.
            File.WriteAllText(stamp, File.ReadAllText(stamp).Replace("\"mtime_ticks\": ", "\"mtime_ticks\": 1", StringComparison.Ordinal));
            Assert.Equal(archive, InitramfsBuilder.ForAgent(agent, dir.FullName, compress: false));
        });
    }

    [Fact]
    public void Paths_that_escape_the_archive_are_rejected()
    {
        using var cpio = new CpioWriter(new MemoryStream());
        Assert.Throws<ArgumentException>(() => cpio.AddFile("../etc/passwd", []));
        Assert.Throws<ArgumentException>(() => cpio.AddFile("a//b", []));
        cpio.AddFile("once", []);
        Assert.Throws<ArgumentException>(() => cpio.AddFile("once", []));
    }
}
