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

    // The first line is the QEMU's pid, or "none" (released before a QEMU started); the second "done" when QEMU ended under
    // control. End of file before the pid: the orchestrator died between QEMU's start and handing over its pid, so every
    // QEMU named as that orchestrator's (-name mptcpmatrix-owner-PPID-...) is an orphan: killed by name, after a moment
    // for an exec still in flight.
    private const string Script = "read -r pid || { sleep 0.3; pkill -KILL -f -- \"-name " + QemuOrphans.NamePrefix + "$PPID-\" 2>/dev/null; exit 0; }; " +
        "[ \"$pid\" = none ] && exit 0; read -r line; [ \"$line\" = done ] || kill -KILL \"$pid\" 2>/dev/null";

    private readonly Process? _process;

    private bool _watching;

    private QemuOwnerWatchdog(Process? process) => _process = process;

    /// <summary>
    /// Starts the watchdog (without /bin/sh there is none; the sweep still works) before the QEMU it will watch: started
    /// after QEMU, a cold start of <c>/bin/sh</c> (tens of milliseconds on a loaded machine) was a window in which a
    /// SIGKILLed orchestrator left its QEMU running. Should it die before <see cref="Watch"/> hands over the pid, the
    /// watchdog kills its QEMUs by name.
    /// </summary>
    public static QemuOwnerWatchdog Start()
    {
        if (!File.Exists("/bin/sh")) return new QemuOwnerWatchdog(null);
        var info = new ProcessStartInfo("/bin/sh")
        {
            ArgumentList = { "-c", Script, Name },
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        return new QemuOwnerWatchdog(Process.Start(info));
    }

    /// <summary>A watchdog already watching <paramref name="qemuPid"/>.</summary>
    public static QemuOwnerWatchdog Start(int qemuPid)
    {
        var watchdog = Start();
        watchdog.Watch(qemuPid);
        return watchdog;
    }

    /// <summary>From now on, this process's death kills <paramref name="qemuPid"/>.</summary>
    public void Watch(int qemuPid)
    {
        if (_process is null) return;
        _process.StandardInput.WriteLine(qemuPid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _process.StandardInput.Flush();
        _watching = true;
    }

    public int? ProcessId => _process?.Id;

    public void Dispose()
    {
        if (_process is null) return;
        try
        {
            _process.StandardInput.WriteLine(_watching ? "done" : "none");
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
