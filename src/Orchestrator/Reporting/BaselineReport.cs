using MptcpMatrix.Orchestrator.Cells;

namespace MptcpMatrix.Orchestrator.Reporting;

/// <summary>
/// What <c>--baseline</c> reads of a report.json: its schema version and cells, nothing else, so that a report written by an
/// older version (whose summary or baseline had another shape) still serves as a baseline.
/// </summary>
internal sealed record BaselineReport(int SchemaVersion, IReadOnlyList<CellResult>? Cells);
