using System.Diagnostics;

namespace MptcpMatrix.Orchestrator.Backends.Vm;

/// <summary>
/// Ends a QEMU whose orchestrator died without killing it (SIGKILL, OOM): a <c>/bin/sh</c> blocked in <c>read</c> on a
/// pipe whose write end only this process holds (close-on-exec, so no other child inherits it). When this process
/// dies in any way the kernel closes that end, <c>read</c> returns at end of file and the watchdog kills the QEMU at
/// once: no polling, no PID to outlive. When QEMU ends under the orchestrator's control, <see cref="Dispose"/> writes
/// <c>done</c> and the watchdog exits without touching anything. The next run's <see cref="QemuOrphans.Sweep"/>
/// remains the second line.
/// </summary>
internal sealed class QemuOwnerWatchdog : IDisposable
{
    /// <summary>argv[0] of the watchdog, to find it in <c>ps</c>.</summary>
    public const string Name = "mptcpmatrix-qemu-watchdog";

    private const string Script = "read -r line; [ \"$line\" = done ] || kill -KILL \"$1\" 2>/dev/null";

    private readonly Process? _process;

    private QemuOwnerWatchdog(Process? process) => _process = process;

    /// <summary>Starts the watchdog of the QEMU <paramref name="qemuPid"/>; without /bin/sh there is none (the sweep still works).</summary>
    public static QemuOwnerWatchdog Start(int qemuPid)
    {
        if (!File.Exists("/bin/sh")) return new QemuOwnerWatchdog(null);
        var info = new ProcessStartInfo("/bin/sh")
        {
            ArgumentList = { "-c", Script, Name, qemuPid.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        return new QemuOwnerWatchdog(Process.Start(info));
    }

    /// <summary>The watchdog's pid (tests), or null when none runs.</summary>
    public int? ProcessId => _process?.Id;

    public void Dispose()
    {
        if (_process is null) return;
        try
        {
            _process.StandardInput.WriteLine("done");
            _process.StandardInput.Close();
            if (!_process.WaitForExit(TimeSpan.FromSeconds(2))) _process.Kill();
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            // it is gone already (a Ctrl-C reached its process group)
        }
        finally
        {
            _process.Dispose();
        }
    }
}
