using MptcpMatrix.Orchestrator.Backends;

namespace MptcpMatrix.Orchestrator.Running;

/// <summary>How a backend probe reads in a skip reason and in <c>matrix doctor</c>, without saying anything twice.</summary>
internal static class ProbeText
{
    /// <summary>The detail plus <c>(fix: …)</c>, unless the detail already carries that fix.</summary>
    public static string WithFix(BackendProbe probe) =>
        probe.Fix is { Length: > 0 } fix && !probe.Detail.Contains(fix, StringComparison.Ordinal) ? $"{probe.Detail} (fix: {fix})" : probe.Detail;

    /// <summary>
    /// Doctor's Detail column: the detail without the fix (the Fix column shows it), then the probe's tool versions that the
    /// detail does not already name (e.g. not "kernel 6.1 … [kernel 6.1]").
    /// </summary>
    public static string Detail(BackendProbe probe)
    {
        var detail = probe.Detail;
        if (probe.Fix is { Length: > 0 } fix && detail.Contains(fix, StringComparison.Ordinal))
            detail = detail.Replace(fix, "", StringComparison.Ordinal).TrimEnd(' ', ':', ';', ',').Trim();
        var extra = (probe.Versions ?? new Dictionary<string, string>())
            .Where(kv => !detail.Contains(kv.Value, StringComparison.Ordinal))
            .Select(kv => $"{kv.Key} {kv.Value}").ToList();
        return extra.Count == 0 ? detail : $"{detail} [{string.Join(", ", extra)}]";
    }
}
