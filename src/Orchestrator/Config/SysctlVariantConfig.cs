using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace MptcpMatrix.Orchestrator.Config;

/// <summary>One entry of <c>sysctls</c>: a named set of network-namespace sysctls.</summary>
[Description("A sysctl variant: a name and the net.* sysctls applied inside each of its cells' network namespace.")]
internal sealed record SysctlVariantConfig
{
    [Required, RegularExpression(KnownValues.NamePattern)]
    [Description("Unique name, used in cell ids (e.g. default, mptcp-disabled).")]
    public string Name { get; init; } = "";

    [ScalarValues, PropertyNamePattern(KnownValues.SysctlPattern)]
    [Description("net.* sysctl keys and their values, e.g. { net.mptcp.enabled: 0 }.")]
    public IReadOnlyDictionary<string, string> Values { get; init; } = new Dictionary<string, string>();

    [SchemaIgnore]
    public SourceMark At { get; init; } = SourceMark.None;
}
