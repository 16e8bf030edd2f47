using MptcpMatrix.Orchestrator.Backends.Container;
using MptcpMatrix.TestSupport;

namespace MptcpMatrix.Container.Tests;

/// <summary>The debootstrap rootfs: Ctrl-C in the middle leaves no process, mount or directory behind.</summary>
public sealed class DebianRootfsTests
{
    [Fact]
    public async Task Cancelling_debootstrap_midway_leaves_no_process_mount_or_work_directory()
    {
        Requires.Root();
        Requires.Executable("debootstrap", DebianRootfs.InstallHint);
        var cache = Directory.CreateTempSubdirectory("mm-debootstrap-cancel-").FullName;
        try
        {
            using var cancel = new CancellationTokenSource();
            var build = DebianRootfs.EnsureAsync(cache, "bookworm", null, cancel.Token);
            // Cancel once debootstrap has mounted /proc in the target (its second stage), or after 90 s, whichever is first.
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (DateTime.UtcNow < deadline && !build.IsCompleted && MountsUnder(cache).Count == 0)
                await Task.Delay(100, TestContext.Current.CancellationToken);
            var mountsAtCancel = MountsUnder(cache).Count;
            TestContext.Current.TestOutputHelper?.WriteLine($"cancelled with {mountsAtCancel} mount(s) in the target; build completed first: {build.IsCompleted}");
            cancel.Cancel();
            try
            {
                await build.WaitAsync(TimeSpan.FromSeconds(120), TestContext.Current.CancellationToken);
            }
            catch (OperationCanceledException)
            {
            }

            Assert.Empty(MountsUnder(cache));
            Assert.Empty(ProcessesMentioning(cache));
            Assert.Empty(Directory.GetDirectories(Path.Combine(cache, "container"), ".debootstrap-*"));
            Assert.Empty(Directory.GetFiles(Path.Combine(cache, "container"), "*.partial"));
        }
        finally
        {
            await DebianRootfs.CleanupAsync(cache);
        }
    }

    private static List<string> MountsUnder(string dir) =>
        File.ReadAllLines("/proc/self/mounts").Select(l => l.Split(' ')[1]).Where(m => m.StartsWith(dir + "/", StringComparison.Ordinal)).ToList();

    private static List<string> ProcessesMentioning(string dir)
    {
        var found = new List<string>();
        foreach (var proc in Directory.GetDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)))
        {
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(proc, "cmdline")).Replace('\0', ' ');
                if (cmdline.Contains(dir, StringComparison.Ordinal)) found.Add($"{Path.GetFileName(proc)}: {cmdline}");
            }
            catch (IOException)
            {
            }
        }

        return found;
    }
}
