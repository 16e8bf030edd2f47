using MptcpMatrix.Contracts;
using MptcpMatrix.Orchestrator.Cells;

namespace MptcpMatrix.Orchestrator.Planning;

/// <summary>
/// Every time bound of a batch, from its cells' <c>timeout</c>, nested so the innermost fires first: the agent gives up on a
/// family after <see cref="AgentSeconds"/>, a booted guest is killed after <see cref="Guest"/>, and the runner gives up on the
/// attempt after <see cref="Batch"/>. Computed here once; every backend and the runner read it.
/// </summary>
/// <param name="Batch">The runner's bound of one attempt: the sum of the cells' timeouts, capped at <see cref="MaxBatch"/>
/// (never below the largest single cell).</param>
/// <param name="Guest">The bound of one boot (vm, virtme): slightly less than <paramref name="Batch"/>, so the guest's own
/// timeout (with the console tail) fires before the runner's; for vm also no more than a healthy guest can need.</param>
/// <param name="AgentSeconds">The agent's <c>--timeout</c> (its bound of one family).</param>
internal sealed record TimeBudget(TimeSpan Batch, TimeSpan Guest, int AgentSeconds)
{
    /// <summary>Upper bound of a batch's timeout, however many cells it holds.</summary>
    public static TimeSpan MaxBatch { get; } = TimeSpan.FromHours(1);

    /// <summary>Upper bound of a kernel's boot to init under TCG (measured: 1 to 3 s; 7.x up to 5.5 s).</summary>
    public const int BootAllowanceSeconds = 60;

    /// <summary>What an agent started once per cell (host, container) leaves of the cell's timeout for its start and report.</summary>
    public const int AgentMarginSeconds = 15;

    public static TimeBudget For(IReadOnlyList<CellSpec> batch)
    {
        ArgumentOutOfRangeException.ThrowIfZero(batch.Count);
        var sum = TimeSpan.FromSeconds(batch.Sum(c => (long)c.TimeoutSeconds));
        var largest = TimeSpan.FromSeconds(batch.Max(c => c.TimeoutSeconds));
        var bound = sum > MaxBatch ? (largest > MaxBatch ? largest : MaxBatch) : sum;
        var seconds = bound.TotalSeconds;
        var guest = seconds - Math.Min(5, seconds / 10);
        var backend = batch[0].Backend;
        var agent = AgentFor(backend, batch);
        // One vm boot runs each variant's families in one init: it gives up on a variant after agent * families + 10 s.
        if (backend == "vm") guest = Math.Min(guest, BootAllowanceSeconds + Variants(batch).Sum(families => (double)agent * families + 10));
        return new TimeBudget(bound, TimeSpan.FromSeconds(guest), agent);
    }

    private static int AgentFor(string backend, IReadOnlyList<CellSpec> batch)
    {
        var timeout = batch.Min(c => c.TimeoutSeconds);
        return backend switch
        {
            // Many agent runs share one boot: half the shortest cell, 2 to 15 s (a healthy family takes well under a second).
            "vm" or "virtme" => Math.Clamp(timeout / 2, 2, 15),
            // One agent run per cell, inside its timeout; no more than the agent accepts.
            "host" => Math.Clamp(timeout - AgentMarginSeconds, 5, AgentInvocation.MaxTimeoutSeconds),
            _ => Math.Clamp(timeout - AgentMarginSeconds, 1, AgentInvocation.MaxTimeoutSeconds),
        };
    }

    /// <summary>The number of families of each boot variant (a sysctl variant and repetition), as <c>BootPlan</c> groups them.</summary>
    private static IEnumerable<int> Variants(IReadOnlyList<CellSpec> batch) =>
        batch.GroupBy(c => (c.Variant, c.Repeat)).Select(g => g.Select(c => c.Family).Distinct(StringComparer.Ordinal).Count());
}
