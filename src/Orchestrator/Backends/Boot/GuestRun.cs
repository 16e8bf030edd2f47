using MptcpMatrix.Orchestrator.Cells;

namespace MptcpMatrix.Orchestrator.Backends.Boot;

/// <summary>What one boot brought back: a report per cell (in batch order), or a status for the whole batch.</summary>
/// <param name="Reports">One per cell of the batch, in its order (empty with <paramref name="Failure"/>).</param>
/// <param name="ExitCode">The guest's (QEMU's, vng's) exit code.</param>
/// <param name="LogExcerpt">The console's tail, for an infrastructure error's message.</param>
/// <param name="BootEntry">How the kernel was entered, for provenance.</param>
/// <param name="Failure">A status and reason every cell gets instead of a report.</param>
internal sealed record GuestRun(IReadOnlyList<GuestReport> Reports, int? ExitCode, string? LogExcerpt, string? BootEntry = null,
    (CellStatus Status, string Reason)? Failure = null)
{
    /// <summary>A boot whose cells all get <paramref name="status"/> (e.g. a kernel panic the backend does not retry).</summary>
    public static GuestRun Failed(CellStatus status, string reason) => new([], null, null, Failure: (status, reason));
}
