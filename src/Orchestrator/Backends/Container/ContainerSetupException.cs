namespace MptcpMatrix.Orchestrator.Backends.Container;

/// <summary>Preparing a container image failed (rootfs build, import, commit); <see cref="Userspace"/> says which image.</summary>
internal sealed class ContainerSetupException(string userspace, string message, Exception? inner = null) : Exception(message, inner)
{
    public string Userspace { get; } = userspace;
}
