namespace MptcpMatrix.Orchestrator.Reporting;

/// <summary>One check that changed against the baseline; a null side means the check was absent there.</summary>
internal sealed record CheckChange(string CellId, string Family, string CheckId, ChangeClass Class, CheckState? Before, CheckState? After)
{
    /// <summary><c>vm-sid-ipv4-default ipv4.client.initial.full_info.call: pass -> fail (regression)</c></summary>
    public override string ToString() => $"{CellId} {Family}.{CheckId}: {CheckState.Describe(Before)} -> {CheckState.Describe(After)}";
}
