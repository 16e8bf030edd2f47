namespace MptcpMatrix.Orchestrator.Backends.Vm;

/// <summary>
/// Bounds the guests running at once in this process (vm and virtme together) by cores and by memory: at most one per
/// CPU, and no more than 80% of <c>MemAvailable</c> (at start) divided by a guest's memory plus QEMU's own overhead.
/// The runner's <c>parallel</c> bounds batches; this keeps a large <c>parallel</c> from overcommitting the host.
/// </summary>
internal static class BootSlots
{
    private const int QemuOverheadMb = 128;
    private static readonly object Gate = new();
    private static SemaphoreSlim? _slots;
    private static int _slotCount;

    /// <summary>How many guests of <paramref name="memoryMb"/> MiB may run at once here.</summary>
    public static int Capacity(int memoryMb, long? availableMb = null, int? cpus = null)
    {
        var available = availableMb ?? MemAvailableMb() ?? long.MaxValue / 2;
        var byMemory = (int)Math.Min(int.MaxValue, available * 8 / 10 / (memoryMb + QemuOverheadMb));
        return Math.Max(1, Math.Min(cpus ?? Environment.ProcessorCount, byMemory));
    }

    /// <summary>Waits for a slot; dispose the result to free it.</summary>
    public static async Task<IDisposable> AcquireAsync(int memoryMb, CancellationToken cancellationToken)
    {
        SemaphoreSlim slots;
        lock (Gate)
        {
            _slots ??= new SemaphoreSlim(_slotCount = Capacity(memoryMb));
            slots = _slots;
        }

        await slots.WaitAsync(cancellationToken);
        return new Release(slots);
    }

    /// <summary>The bound in force (0 before the first boot).</summary>
    public static int SlotCount => _slotCount;

    private static long? MemAvailableMb()
    {
        try
        {
            var line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemAvailable:", StringComparison.Ordinal));
            return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private sealed class Release(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) slots.Release();
        }
    }
}
