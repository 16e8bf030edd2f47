using System.Text.Json;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Kernels;

namespace MptcpMatrix.Orchestrator.Backends.Vm;

/// <summary>
/// Past boot durations per kernel source (<c>&lt;cache&gt;/vm-durations.json</c>, exponentially averaged, written atomically
/// under a file lock), so a scheduler can start the longest boots first (<see cref="LongestFirst"/>).
/// </summary>
internal static class BootHistory
{
    private static string FileIn(string cacheDir) => Path.Combine(cacheDir, "vm-durations.json");

    public static async Task RecordAsync(string cacheDir, KernelSource source, TimeSpan duration, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(cacheDir);
        using var held = await FileLock.AcquireAsync(Path.Combine(cacheDir, "vm-durations.lock"), TimeSpan.FromSeconds(30), cancellationToken);
        var all = Read(cacheDir);
        var key = source.ToString();
        all[key] = all.TryGetValue(key, out var previous) ? 0.5 * previous + 0.5 * duration.TotalSeconds : duration.TotalSeconds;
        var file = FileIn(cacheDir);
        var temp = $"{file}.{Environment.ProcessId}.tmp";
        await File.WriteAllTextAsync(temp, JsonSerializer.Serialize(all, VmJson.Default.DictionaryStringDouble), cancellationToken);
        File.Move(temp, file, overwrite: true);
    }

    /// <summary>Average past boot duration of <paramref name="source"/> in seconds, or null when it never booted here.</summary>
    public static double? Estimate(string cacheDir, KernelSource source) =>
        Read(cacheDir).TryGetValue(source.ToString(), out var seconds) ? seconds : null;

    /// <summary>
    /// Batches ordered longest first by past duration (kernels never booted first: they may need a download too);
    /// batches of other backends keep their order after the VM ones.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<CellSpec>> LongestFirst(IReadOnlyList<IReadOnlyList<CellSpec>> batches, string cacheDir)
    {
        if (batches.Count < 2) return batches; // nothing to order: the history is not even read
        var history = Read(cacheDir);
        double Key(IReadOnlyList<CellSpec> batch) => batch[0].Backend is "vm" or "virtme"
            ? history.TryGetValue(batch[0].KernelSource.ToString(), out var s) ? s : double.MaxValue
            : double.MinValue;
        return batches.Select((b, i) => (b, i)).OrderByDescending(x => Key(x.b)).ThenBy(x => x.i).Select(x => x.b).ToList();
    }

    private static Dictionary<string, double> Read(string cacheDir)
    {
        try
        {
            var file = FileIn(cacheDir);
            return File.Exists(file) ? JsonSerializer.Deserialize(File.ReadAllText(file), VmJson.Default.DictionaryStringDouble) ?? [] : [];
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            return [];
        }
    }
}
