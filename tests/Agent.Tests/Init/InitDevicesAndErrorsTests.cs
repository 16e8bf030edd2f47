using MptcpMatrix.Agent.Host;
using MptcpMatrix.Agent.Init;

namespace MptcpMatrix.Agent.Tests.Init;

/// <summary>The init on a kernel without devtmpfs makes its own device nodes, and its errors are words, not resource keys.</summary>
public sealed class InitDevicesAndErrorsTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("agent-dev-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void Without_devtmpfs_the_consoles_and_both_serial_ports_are_made_as_character_devices()
    {
        Assert.SkipUnless(Environment.UserName == "root", "mknod of character devices needs root");

        var problems = DeviceNodes.Create(_dir.FullName);

        Assert.Empty(problems);
        foreach (var (path, major, minor) in DeviceNodes.Needed)
        {
            var node = Path.Combine(_dir.FullName, Path.GetFileName(path));
            var stat = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%F %t %T", node]) { RedirectStandardOutput = true })!;
            var text = stat.StandardOutput.ReadToEnd().Trim();
            stat.WaitForExit();
            Assert.Equal($"character special file {major:x} {minor:x}", text);
        }

        Assert.Contains(DeviceNodes.Needed, n => n.Path == "/dev/ttyS1" && n.Major == 4 && n.Minor == 65);
        Assert.Empty(DeviceNodes.Create(_dir.FullName)); // existing nodes are kept
    }

    [Fact]
    public void A_missing_file_is_reported_in_words_with_its_name_even_when_the_message_is_a_resource_key()
    {
        var e = new FileNotFoundException("IO_FileNotFound_FileName, /dev/ttyS1", "/dev/ttyS1");

        Assert.Equal("file not found: /dev/ttyS1", InitErrors.Describe(e));
        Assert.True(InitErrors.IsResourceKey(e.Message));
        Assert.False(InitErrors.IsResourceKey("cannot read the init plan /init-plan.json (ENOENT)"));
    }

    [Fact]
    public void Other_errors_name_their_kind_and_agent_errors_keep_their_own_words()
    {
        Assert.Equal("permission denied: /dev/ttyS1", InitErrors.Describe(new UnauthorizedAccessException("UnauthorizedAccess_IODenied_Path, /dev/ttyS1")));
        Assert.StartsWith("I/O error (0x", InitErrors.Describe(new IOException("IO_SharingViolation_File, /x")));
        Assert.EndsWith(": /x", InitErrors.Describe(new IOException("IO_SharingViolation_File, /x")));
        Assert.Equal("the result device /dev/ttyS1 does not exist", InitErrors.Describe(new AgentException("init", "the result device /dev/ttyS1 does not exist")));
        Assert.Equal("invalid operation: the plan has no variants", InitErrors.Describe(new InvalidOperationException("the plan has no variants")));
    }
}
