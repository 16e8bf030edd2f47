using System.Text.Json.Serialization;

namespace MptcpMatrix.Orchestrator.Cells;

/// <summary>The verdict of a cell.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CellStatus>))]
public enum CellStatus
{
    /// <summary>Every check passed (some may be unsupported by the kernel, e.g. FULL_INFO on 6.1).</summary>
    [JsonStringEnumMemberName("pass")] Pass,

    /// <summary>At least one check failed.</summary>
    [JsonStringEnumMemberName("fail")] Fail,

    /// <summary>The kernel has no usable MPTCP in this cell (absent, or <c>net.mptcp.enabled=0</c>).</summary>
    [JsonStringEnumMemberName("unsupported")] Unsupported,

    /// <summary>Known before running that the cell cannot test anything (e.g. CONFIG_MPTCP off); nothing was booted.</summary>
    [JsonStringEnumMemberName("untestable")] Untestable,

    /// <summary>The infrastructure failed (boot panic, timeout, engine gone, agent error): says nothing about MPTCP.</summary>
    [JsonStringEnumMemberName("infra-error")] InfraError,

    /// <summary>This machine cannot run the backend (qemu/docker/vng missing); the reason names what to install.</summary>
    [JsonStringEnumMemberName("skipped")] Skipped,
}
