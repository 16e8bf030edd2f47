using System.Diagnostics;
using System.Globalization;
using MptcpMatrix.Orchestrator.Infrastructure;

namespace MptcpMatrix.Orchestrator.Backends.Vm;

/// <summary>
/// Every QEMU this backend starts is named <c>mptcpmatrix-owner-&lt;pid&gt;-&lt;start&gt;</c> after the orchestrator that owns it.
/// Cancellation and Ctrl-C kill QEMU directly; a SIGKILLed orchestrator cannot, so the next vm run (its probe) kills
/// every QEMU whose owner is gone. QEMUs of a live run are never touched.
/// </summary>
internal static class QemuOrphans
{
    public const string NamePrefix = "mptcpmatrix-owner-";

    /// <summary>The <c>-name</c> of QEMUs started by this process.</summary>
    public static string NameForThisProcess { get; } =
        $"{NamePrefix}{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-{OwnerProcess.CurrentStartTicks}";

    /// <summary>Kills QEMU processes whose owner is gone; returns their pids.</summary>
    public static IReadOnlyList<int> Sweep()
    {
        var killed = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId) continue;
            if (OwnerOf(pid) is not var (ownerPid, ownerStart) || OwnerProcess.IsAlive(ownerPid, ownerStart)) continue;
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
                process.WaitForExit(TimeSpan.FromSeconds(5));
                killed.Add(pid);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // gone already, or not ours to kill
            }
        }

        return killed;
    }

    /// <summary>The owner recorded in a process's <c>-name mptcpmatrix-owner-PID-START</c> argument, or null.</summary>
    public static (int Pid, string Start)? OwnerOf(int pid)
    {
        string[] argv;
        try
        {
            argv = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        for (var i = 0; i + 1 < argv.Length; i++)
        {
            if (argv[i] != "-name" || !argv[i + 1].StartsWith(NamePrefix, StringComparison.Ordinal)) continue;
            var parts = argv[i + 1][NamePrefix.Length..].Split('-');
            if (parts.Length == 2 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var owner)) return (owner, parts[1]);
        }

        return null;
    }
}
