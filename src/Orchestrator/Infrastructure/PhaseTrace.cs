using System.Diagnostics;
using System.Globalization;

namespace MptcpMatrix.Orchestrator.Infrastructure;

/// <summary>
/// <c>MPTCPMATRIX_TRACE=1</c> for <c>matrix run</c>: one stderr line per phase before and around the boots
/// (<c>trace: +123 ms since the process started (+160 ms since ./matrix): kernel resolved</c>), so what a warm run does
/// before QEMU starts can be measured phase by phase (<c>bench/preboot.sh</c> prints them). The wrapper exports its own
/// start (<c>MPTCPMATRIX_T0</c>, bash's <c>$EPOCHREALTIME</c>). Off, a mark costs a field read.
/// </summary>
internal static class PhaseTrace
{
    private static TextWriter? _output;
    private static double? _wrapperStart;
    private static DateTime _processStart;

    /// <summary>Turns tracing on (the command's entry point, from <see cref="RunEnvironment.Trace"/>).</summary>
    public static void Enable(TextWriter output, string? wrapperStart)
    {
        _processStart = Process.GetCurrentProcess().StartTime.ToUniversalTime();
        _output = output;
        _wrapperStart = double.TryParse(wrapperStart, NumberStyles.Float, CultureInfo.InvariantCulture, out var t) ? t : null;
    }

    public static bool Enabled => _output is not null;

    public static void Mark(string phase)
    {
        if (_output is not { } output) return;
        var now = DateTime.UtcNow;
        var sinceProcess = (now - _processStart).TotalMilliseconds;
        var sinceWrapper = _wrapperStart is { } t0 ? FormattableString.Invariant($" (+{(now - DateTime.UnixEpoch).TotalSeconds * 1000 - t0 * 1000:0} ms since ./matrix)") : "";
        var jit = FormattableString.Invariant($"; JIT so far {System.Runtime.JitInfo.GetCompiledMethodCount()} methods, {System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds:0} ms");
        lock (output) output.WriteLine(FormattableString.Invariant($"trace: +{sinceProcess:0} ms since the process started{sinceWrapper}: {phase}{jit}"));
    }
}
