using MptcpMatrix.Orchestrator.Cells;

namespace MptcpMatrix.Container.Tests.Support;

/// <summary>Cell specs for container tests.</summary>
internal static class Cells
{
    public static CellSpec Make(string family = "ipv4", string variant = "default", IReadOnlyDictionary<string, string>? sysctls = null,
        string? userspace = null, int timeoutSeconds = 60)
    {
        var id = $"container-host-{family}-{variant}" + (userspace is null or "scratch" ? "" : "-" + userspace);
        return new CellSpec(id, "host", KernelSource.Host, family, "container", variant, sysctls ?? new Dictionary<string, string>(),
            userspace, 1, timeoutSeconds, 0, null);
    }
}
