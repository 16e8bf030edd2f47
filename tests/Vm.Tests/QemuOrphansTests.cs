using System.Diagnostics;
using MptcpMatrix.Orchestrator.Backends.Vm;
using MptcpMatrix.Orchestrator.Infrastructure;

namespace MptcpMatrix.Vm.Tests;

public sealed class QemuOrphansTests
{
    [Fact]
    public void A_qemu_whose_orchestrator_was_killed_is_swept_and_one_of_a_live_orchestrator_is_not()
    {
        // Stand-ins for QEMU: processes whose argv carries "-name mptcpmatrix-owner-PID-START" like the real ones.
        using var orphan = Start("mptcpmatrix-owner-999999999-1");
        using var live = Start(QemuOrphans.NameForThisProcess);
        try
        {
            Assert.Equal((999999999, "1"), QemuOrphans.OwnerOf(orphan.Id));
            Assert.Equal((Environment.ProcessId, OwnerProcess.CurrentStartTicks), QemuOrphans.OwnerOf(live.Id));

            var killed = QemuOrphans.Sweep();

            Assert.Contains(orphan.Id, killed);
            Assert.True(orphan.WaitForExit(TimeSpan.FromSeconds(5)), "the orphan still runs");
            Assert.DoesNotContain(live.Id, killed);
            Assert.False(live.HasExited, "the live run's QEMU was killed");
        }
        finally
        {
            foreach (var p in new[] { orphan, live })
            {
                if (!p.HasExited) p.Kill();
            }
        }
    }

    [Fact]
    public void Every_boot_names_its_owner()
    {
        var machine = new QemuMachine("/k", null, "console=ttyS0", "tcg", 256, 1, "/tmp/c.log", null, TimeSpan.FromSeconds(5));
        var args = machine.Arguments();
        var at = args.ToList().IndexOf("-name");
        Assert.True(at >= 0, "no -name argument");
        Assert.Equal(QemuOrphans.NameForThisProcess, args[at + 1]);
    }

    private static Process Start(string name)
    {
        // bash builtins only (no child process that could outlive the stand-in): block reading an empty FIFO, bounded.
        var fifo = Path.Combine(Path.GetTempPath(), $"qemu-orphan-{Guid.NewGuid():N}");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            Assert.True(mkfifo.WaitForExit(5000) && mkfifo.ExitCode == 0, "mkfifo failed");
        }

        var info = new ProcessStartInfo("/bin/bash") { ArgumentList = { "-c", "exec 3<>\"$0\"; rm -f \"$0\"; read -t 300 -u 3; exit 0", fifo, "-name", name } };
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start bash");
        // Until the child has exec'd, /proc/PID/cmdline still shows the parent's argv: wait (bounded) for ours.
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (QemuOrphans.OwnerOf(process.Id) is null && DateTime.UtcNow < deadline) Thread.Sleep(10);
        return process;
    }
}
