using MptcpMatrix.Orchestrator.Cells;

namespace MptcpMatrix.Orchestrator.Reporting;

/// <summary>One of several results for the same cell id: the file it came from, its verdict, and whether the report kept it.</summary>
/// <param name="Verdict">The status with check counts, e.g. <c>fail: 204 checks, 2 failed, 20 unsupported</c>.</param>
internal sealed record DuplicateInput(string File, CellStatus Status, string Verdict, DateTimeOffset EndedAt, bool Kept);
