using System.ComponentModel;
using MptcpMatrix.Contracts;

namespace MptcpMatrix.Orchestrator.Config;

/// <summary>An <c>include</c> or <c>exclude</c> entry: a partial cell.</summary>
[Description("A partial cell; keys left out match (exclude) or expand over (include) every value.")]
internal sealed record MatrixRule
{
    [Description("A kernel name from kernels.")]
    public string? Kernel { get; init; }

    [System.ComponentModel.DataAnnotations.AllowedValues(AgentFamilies.IPv4, AgentFamilies.IPv6)]
    public string? Family { get; init; }

    [System.ComponentModel.DataAnnotations.AllowedValues("host", "container", "vm", "virtme")]
    public string? Backend { get; init; }

    [Description("A sysctl variant name from sysctls.")]
    public string? Variant { get; init; }

    [System.ComponentModel.DataAnnotations.AllowedValues("scratch", "debian", "alpine")]
    [Description("Container backend only.")]
    public string? Userspace { get; init; }

    [SchemaIgnore]
    public SourceMark At { get; init; } = SourceMark.None;

    public override string ToString() =>
        "{" + string.Join(", ", new[] { ("kernel", Kernel), ("family", Family), ("backend", Backend), ("variant", Variant), ("userspace", Userspace) }
            .Where(p => p.Item2 is not null).Select(p => $"{p.Item1}: {p.Item2}")) + "}";
}
