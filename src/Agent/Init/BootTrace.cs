using System.Diagnostics;
using MptcpMatrix.Agent.Host;

namespace MptcpMatrix.Agent.Init;

/// <summary>
/// Opt-in stage markers for a VM boot (<c>mptcpmatrix.trace=1</c> on the kernel command line): each stage of the
/// init run is written to <c>/dev/kmsg</c>, so it lands in the console log with the kernel's own timestamp, next to
/// "Run /init as init process" and "reboot: Power down". That is how bench/vm-bench.sh splits a boot into kernel,
/// agent start-up, checks and result frames. Off, a marker costs one branch.
/// </summary>
internal static class BootTrace
{
    public const string Parameter = "mptcpmatrix.trace=1";

    /// <summary>When the process entered Main (Stopwatch ticks), for the first marker.</summary>
    public static long MainEntered { get; set; }

    private static int kmsg = -1;

    public static bool Enabled => kmsg >= 0;

    /// <summary>Turns tracing on when the command line asks for it (after /dev is mounted).</summary>
    public static void Start(string cmdline)
    {
        if (!KernelCommandLine.Has(cmdline, Parameter)) return;
        kmsg = Interop.Sys.Open("/dev/kmsg", Interop.Sys.O_WRONLY);
        if (Enabled && MainEntered != 0)
            Mark($"main entered {Stopwatch.GetElapsedTime(MainEntered).TotalMilliseconds:0.0} ms ago");
    }

    /// <summary>Writes the marker when tracing is on (guard interpolated stages with <see cref="Enabled"/>: the string
    /// would be built either way).</summary>
    public static void Mark(string stage)
    {
        if (Enabled) StandardStreams.Write(kmsg, "mptcp-agent: " + stage + "\n");
    }
}
