using System.Text.Json;
using MptcpMatrix.Contracts;
using MptcpMatrix.Orchestrator.Cells;

namespace MptcpMatrix.Orchestrator.Backends.Vm;

/// <summary>
/// One boot's work: the <see cref="InitPlan"/> for the agent (one network namespace per sysctl variant and repetition,
/// holding the families of the batch's cells), carried in the initramfs, and the kernel command line.
/// </summary>
internal sealed class BootPlan
{
    private BootPlan(InitPlan plan, IReadOnlyDictionary<string, string> variantOfCell)
    {
        Plan = plan;
        VariantOfCell = variantOfCell;
    }

    public InitPlan Plan { get; }

    /// <summary>Cell id -> the plan variant whose report holds its result.</summary>
    public IReadOnlyDictionary<string, string> VariantOfCell { get; }

    public static BootPlan For(IReadOnlyList<CellSpec> cells, int agentTimeoutSeconds)
    {
        var variants = new List<InitVariant>();
        var byCell = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var group in cells.GroupBy(c => (c.Variant, c.Repeat)).OrderBy(g => g.Key.Repeat))
        {
            var name = group.Key.Repeat > 1 ? $"{group.Key.Variant}#r{group.Key.Repeat}" : group.Key.Variant;
            var first = group.First();
            if (group.Any(c => !SameSysctls(c.Sysctls, first.Sysctls)))
                throw new ArgumentException($"cells of variant '{group.Key.Variant}' disagree on their sysctls", nameof(cells));
            variants.Add(new InitVariant(name, group.Select(c => c.Family).Distinct().Order(StringComparer.Ordinal).ToList(), first.Sysctls));
            foreach (var cell in group) byCell[cell.Id] = name;
        }

        return new BootPlan(new InitPlan(variants, null, agentTimeoutSeconds, Suites: cells.Count > 0 ? cells[0].Suites : null), byCell);
    }

    private static bool SameSysctls(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);

    /// <summary>
    /// The plan as the agent's init reads it: compact JSON, carried in the boot's initramfs as
    /// <c>/<see cref="InitramfsBuilder.PlanPath"/></c> (<see cref="InitramfsBuilder.WriteWithPlan"/>), not on the kernel command
    /// line, whose 2 KB (COMMAND_LINE_SIZE on x86) a batch of many variants and repetitions outgrows.
    /// </summary>
    public byte[] PlanJson() => JsonSerializer.SerializeToUtf8Bytes(Plan, CompactContractJson.Default.InitPlan);

    /// <summary>
    /// The guest kernel command line. Under TCG the kernel is told not to use <c>cmpxchg16b</c> (<c>clearcpuid=cx16</c>):
    /// QEMU 7.2's TCG sometimes corrupts SLUB's per-CPU <c>cmpxchg16b</c> and the guest oopses during boot (Debian
    /// 6.12.95: 5 of 36 boots; with the flag 30 of 30). Only the kernel's view changes: the agent still uses the instruction.
    /// And it skips the IO-APIC timer check (<c>no_timer_check</c>, as virtualised guests commonly do): on a host busy
    /// with other work the emulated timer's first interrupts come late, and 6.1 then panicked with "IO-APIC + timer
    /// doesn't work!" (seen once in 79 boots while four builds and other guests shared two cores).
    /// <para>
    /// Then two flags that skip boot work no cell looks at (found with <c>initcall_debug</c>, measured in paired bare
    /// boots, docs/vm.md; neither touches networking or time keeping): <c>cryptomgr.notests=1</c> skips the crypto
    /// self-tests of every registered algorithm (0.29 s of 6.1's boot under TCG, its largest initcall; a bare boot
    /// 0.76x), and <c>noreplace-smp</c> leaves the kernel's lock prefixes as they are instead of patching each one to its
    /// uniprocessor form on a one-CPU guest (0.86x). <c>acpi=off</c> was measured too and is not used: without ACPI's
    /// timers the TSC fails calibration under TCG and the guest keeps time in 4 ms jiffies.
    /// </para>
    /// </summary>
    public string KernelCommandLine(int? logLevel, bool tcg = false) =>
        $"console=ttyS0 panic=-1 random.trust_cpu=on{(tcg ? " clearcpuid=cx16 no_timer_check" : "")} {BootShortcuts} rdinit=/init" +
        (logLevel is null ? "" : $" loglevel={logLevel}");

    /// <summary>The command-line flags that skip boot work no cell observes (see <see cref="KernelCommandLine"/>).</summary>
    public const string BootShortcuts = "cryptomgr.notests=1 noreplace-smp";
}
