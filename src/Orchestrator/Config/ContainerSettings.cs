using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace MptcpMatrix.Orchestrator.Config;

/// <summary><c>container:</c> settings of the container backend.</summary>
internal sealed record ContainerSettings
{
    [AllowedValues("local", "registry")]
    [Description("Where the debian/alpine userspace images come from: local = built from this machine's apt mirror and packages (never contacts a registry); " +
                 "registry = built from images/*/Dockerfile, which makes the engine pull debian/alpine from a registry (opt-in). " +
                 "MPTCPMATRIX_CONTAINER_BASE, when set, overrides it.")]
    public string Base { get; init; } = "local";
}
