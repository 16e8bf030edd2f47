using MptcpMatrix.Contracts;

namespace MptcpMatrix.Orchestrator.Reporting;

/// <summary>One check compared with the baseline: <c>new-pass</c>, <c>regression</c>, <c>still-failing</c> or <c>fixed</c>.</summary>
public sealed record CheckChange(string CellId, string Family, string CheckId, string Change, CheckOutcome? Before, CheckOutcome After);
