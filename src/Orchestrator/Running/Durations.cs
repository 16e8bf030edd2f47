namespace MptcpMatrix.Orchestrator.Running;

/// <summary>Durations for people: milliseconds below one second (a host cell takes ~45 ms, not "0.0 s"), else seconds.</summary>
internal static class Durations
{
    public static string Format(TimeSpan duration) =>
        duration < TimeSpan.FromSeconds(1)
            ? $"{Math.Max(0, Math.Round(duration.TotalMilliseconds)).ToString("0", System.Globalization.CultureInfo.InvariantCulture)} ms"
            : $"{duration.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)} s";
}
