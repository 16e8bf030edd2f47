using MptcpMatrix.Orchestrator.Backends.Host;
using MptcpMatrix.Orchestrator.Config;

namespace MptcpMatrix.Orchestrator.Backends;

/// <summary>
/// Backend name -> factory. Each backend engineer adds ONE line to <see cref="Factories"/>.
/// A name of matrix.yml's backends axis that is not registered here makes its cells <c>skipped</c> ("not available in this build").
/// </summary>
internal static class BackendRegistry
{
    /// <summary>Factories get matrix.yml's settings (null: the defaults, e.g. for <c>matrix doctor</c> without a file).</summary>
    private static readonly Dictionary<string, Func<MatrixConfig?, IBackend>> Factories = new(StringComparer.Ordinal)
    {
        ["host"] = _ => new HostBackend(),
        ["container"] = c => new Container.ContainerBackend(Container.ContainerOptions.FromEnvironment(debianMirror: c?.Debian.Mirror, configuredBase: c?.Container.Base)),
        ["vm"] = c => c is null ? new Vm.VmBackend() : Vm.VmBackend.FromConfig(c),
        ["virtme"] = c => c is null ? new Virtme.VirtmeBackend() : Virtme.VirtmeBackend.FromConfig(c),
    };

    /// <summary>Names with a registered implementation.</summary>
    public static IReadOnlyCollection<string> Registered => Factories.Keys;

    /// <summary>A new instance of the backend, or null when this build has none of that name.</summary>
    public static IBackend? Create(string name) => Create(null, name);

    /// <summary>A new instance of the backend configured from <paramref name="config"/>, or null when this build has none.</summary>
    public static IBackend? Create(MatrixConfig? config, string name) => Factories.TryGetValue(name, out var factory) ? factory(config) : null;
}
