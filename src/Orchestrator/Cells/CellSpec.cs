namespace MptcpMatrix.Orchestrator.Cells;

/// <summary>One expanded cell of the matrix: a kernel, an address family, a backend and a sysctl variant.</summary>
/// <param name="Id">Stable id: the same matrix.yml always yields the same ids.</param>
/// <param name="Kernel">The kernel's name in matrix.yml.</param>
/// <param name="KernelSource">Where that kernel comes from.</param>
/// <param name="Family"><c>ipv4</c> or <c>ipv6</c>.</param>
/// <param name="Backend"><c>host</c>, <c>container</c>, <c>vm</c> or <c>virtme</c>.</param>
/// <param name="Variant">The sysctl variant's name (<c>default</c> when the matrix has none).</param>
/// <param name="Sysctls">The variant's sysctls, applied only inside the cell's network namespace.</param>
/// <param name="Userspace">container: the image variant (<c>scratch</c>, <c>debian</c>, <c>alpine</c>); null elsewhere.</param>
/// <param name="Repeat">1-based repetition index (matrix.yml <c>repeat</c>).</param>
/// <param name="TimeoutSeconds">Hard bound for the whole cell, boot included.</param>
/// <param name="Retries">Retries for infrastructure failures only; a failing check is never retried.</param>
/// <param name="Accel">vm: <c>auto</c>, <c>kvm</c> or <c>tcg</c>.</param>
internal sealed record CellSpec(
    string Id,
    string Kernel,
    KernelSource KernelSource,
    string Family,
    string Backend,
    string Variant,
    IReadOnlyDictionary<string, string> Sysctls,
    string? Userspace,
    int Repeat,
    int TimeoutSeconds,
    int Retries,
    string? Accel)
{
    /// <summary>The agent suites the cell runs (matrix.yml <c>suites</c>), in the order they run.</summary>
    public IReadOnlyList<string> Suites { get; init; } = Config.KnownValues.Suites;
}
