using System.Diagnostics;
using MptcpMatrix.Orchestrator.Backends.Vm;
using MptcpMatrix.TestSupport;
using MptcpMatrix.Vm.Tests.Support;

namespace MptcpMatrix.Vm.Tests;

/// <summary>A QEMU must not outlive an orchestrator that was SIGKILLed mid-boot (its own Ctrl-C path cannot run).</summary>
public sealed class OrphanWatchdogTests
{
    [Fact]
    public async Task A_qemu_whose_orchestrator_is_sigkilled_mid_boot_ends_at_once_without_waiting_for_the_next_run()
    {
        TestKernels.RequireQemu();
        await TestKernels.GetAsync(TestKernels.Bookworm);
        var work = Directory.CreateTempSubdirectory("mptcpmatrix-orphan-").FullName;
        try
        {
            var config = Path.Combine(work, "matrix.yml");
            await File.WriteAllTextAsync(config, """
                kernels:
                  - name: bookworm
                    source: debian
                    suite: bookworm
                backends: [vm]
                families: [ipv4]
                timeout: 300
                """, TestContext.Current.CancellationToken);
            var info = new ProcessStartInfo("dotnet") { ArgumentList = { Path.Combine(AppContext.BaseDirectory, "matrix.dll"), "run", "-c", config, "--out", Path.Combine(work, "out") },
                RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = work };
            // An agent whose init never finishes: the guest would run until the cell's 300 s timeout, so only the watchdog can end it.
            var agent = Path.Combine(work, "agent");
            Directory.CreateDirectory(Path.Combine(agent, "static"));
            File.Copy(await InitFixtures.HangingInitBinaryAsync(), Path.Combine(agent, "static", "mptcp-agent"));
            Directory.CreateSymbolicLink(Path.Combine(agent, "bin"), Path.Combine(RepoPaths.AgentDir, "bin"));
            Directory.CreateSymbolicLink(Path.Combine(agent, "bundle"), Path.Combine(RepoPaths.AgentDir, "bundle"));
            info.Environment["MPTCPMATRIX_AGENT_DIR"] = agent;
            using var orchestrator = Process.Start(info)!;
            var qemu = await WaitForAsync(() => QemuOf(orchestrator.Id), TimeSpan.FromSeconds(60));
            Assert.True(qemu is not null, "no QEMU owned by the orchestrator appeared");

            orchestrator.Kill(); // SIGKILL: nothing of the orchestrator's own clean-up runs
            Assert.True(orchestrator.WaitForExit(TimeSpan.FromSeconds(10)));

            // The guest never powers off and the cell allows 300 s: the watchdog ends it within a moment.
            var watch = Stopwatch.StartNew();
            Assert.True(await WaitForAsync(() => Ended(qemu!.Value) ? 1 : null, TimeSpan.FromSeconds(5)) is not null,
                "the orphan QEMU still runs 5 s after its orchestrator died");
            TestContext.Current.TestOutputHelper?.WriteLine($"QEMU ended {watch.ElapsedMilliseconds} ms after its orchestrator was killed");
            Assert.DoesNotContain(Process.GetProcesses(), p => QemuOrphans.OwnerOf(p.Id)?.Pid == orchestrator.Id && !Ended(p.Id));
        }
        finally
        {
            QemuOrphans.Sweep(); // a failed run of this test leaves no QEMU behind
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public void A_watchdog_released_by_its_owner_leaves_the_process_it_watches_alone()
    {
        using var watched = Process.Start("/bin/sleep", "30");
        int? watchdogPid;
        using (var watchdog = QemuOwnerWatchdog.Start(watched.Id)) watchdogPid = watchdog.ProcessId;

        Assert.NotNull(watchdogPid);
        Assert.False(watched.WaitForExit(TimeSpan.FromMilliseconds(500)), "the released watchdog killed the process");
        Assert.Throws<ArgumentException>(() => Process.GetProcessById(watchdogPid!.Value));
        watched.Kill();
    }

    /// <summary>Gone, or a zombie: a process reparented to a PID 1 that does not reap (a container's) stays one after it died.</summary>
    private static bool Ended(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>The QEMU whose <c>-name</c> names <paramref name="owner"/> as its orchestrator.</summary>
    private static int? QemuOf(int owner) =>
        VmFaultTests.QemuProcessesFor($"{QemuOrphans.NamePrefix}{owner}-").Cast<int?>().FirstOrDefault();

    private static async Task<int?> WaitForAsync(Func<int?> probe, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (probe() is { } found) return found;
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        return null;
    }
}
