using MptcpMatrix.Orchestrator.Backends.Host;

namespace MptcpMatrix.Orchestrator.Backends;

/// <summary>
/// Backend name -> factory. Each backend engineer adds ONE line to <see cref="Factories"/>.
/// A name of matrix.yml's backends axis that is not registered here makes its cells <c>skipped</c> ("not available in this build").
/// </summary>
public static class BackendRegistry
{
    private static readonly Dictionary<string, Func<IBackend>> Factories = new(StringComparer.Ordinal)
    {
        ["host"] = () => new HostBackend(),
        ["container"] = () => new Container.ContainerBackend(),
        ["vm"] = () => new Vm.VmBackend(),
        ["virtme"] = () => new Virtme.VirtmeBackend(),
    };

    /// <summary>Names with a registered implementation.</summary>
    public static IReadOnlyCollection<string> Registered => Factories.Keys;

    /// <summary>A new instance of the backend, or null when this build has none of that name.</summary>
    public static IBackend? Create(string name) => Factories.TryGetValue(name, out var factory) ? factory() : null;
}
