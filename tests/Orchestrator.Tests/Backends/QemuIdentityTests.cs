using MptcpMatrix.Orchestrator.Backends.Vm;
using MptcpMatrix.Orchestrator.Tests.Support;

namespace MptcpMatrix.Orchestrator.Tests.Backends;

/// <summary>
/// What QEMU says about itself (version, seccomp sandbox) is asked once per binary and remembered in the cache with the
/// binary's size and mtime: a fake <c>qemu-system-x86_64</c> logs every start, so the tests count them.
/// </summary>
public sealed class QemuIdentityTests : IDisposable
{
    private const string FakeQemu = """
        #!/bin/sh
        echo "$*" >> "$(dirname "$0")/starts.log"
        echo "QEMU emulator version 9.9.9 (fake)"
        """;

    private readonly TempDir _dir = new();
    private readonly string _qemu;
    private readonly string _cache;

    public QemuIdentityTests()
    {
        _qemu = _dir.File("bin/qemu-system-x86_64", FakeQemu);
        File.SetUnixFileMode(_qemu, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _cache = _dir.Sub("cache");
    }

    public void Dispose() => _dir.Dispose();

    private int Starts => File.Exists(Path.Combine(_dir.Path, "bin", "starts.log")) ? File.ReadAllLines(Path.Combine(_dir.Path, "bin", "starts.log")).Length : 0;

    [Fact]
    public async Task A_later_run_with_the_same_cache_starts_no_qemu_to_learn_its_version_and_sandbox_support()
    {
        var first = new QemuRunner(_qemu, _cache);
        Assert.Equal("9.9.9", await first.VersionAsync(TestContext.Current.CancellationToken));
        Assert.True(await first.SupportsSandboxAsync(TestContext.Current.CancellationToken));
        Assert.Equal(1, Starts);

        var later = new QemuRunner(_qemu, _cache);

        Assert.Equal(("9.9.9", true), (await later.VersionAsync(TestContext.Current.CancellationToken), await later.SupportsSandboxAsync(TestContext.Current.CancellationToken)));
        Assert.Equal(1, Starts);
    }

    [Fact]
    public async Task An_upgraded_qemu_binary_is_asked_again()
    {
        await new QemuRunner(_qemu, _cache).VersionAsync(TestContext.Current.CancellationToken);
        File.WriteAllText(_qemu, FakeQemu.Replace("9.9.9", "10.0.0", StringComparison.Ordinal));

        Assert.Equal("10.0.0", await new QemuRunner(_qemu, _cache).VersionAsync(TestContext.Current.CancellationToken));
        Assert.Equal(2, Starts);
    }

    [Fact]
    public async Task Without_a_cache_each_runner_asks_once()
    {
        await new QemuRunner(_qemu).VersionAsync(TestContext.Current.CancellationToken);
        var runner = new QemuRunner(_qemu);
        await runner.VersionAsync(TestContext.Current.CancellationToken);
        await runner.SupportsSandboxAsync(TestContext.Current.CancellationToken);

        Assert.Equal(2, Starts);
        Assert.False(Directory.EnumerateFileSystemEntries(_cache).Any());
    }
}
