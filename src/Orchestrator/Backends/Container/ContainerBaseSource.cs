namespace MptcpMatrix.Orchestrator.Backends.Container;

/// <summary>Where the debian and alpine userspace images come from.</summary>
internal enum ContainerBaseSource
{
    /// <summary>
    /// No registry: a rootfs built on this machine (debootstrap from the apt mirror; musl + busybox-static for alpine),
    /// imported with the engine's import API, then the agent copied in through the archive API and committed.
    /// </summary>
    Local,

    /// <summary>A registry is reachable: build <c>images/&lt;userspace&gt;/Dockerfile</c>, which pulls its official base image.</summary>
    Registry,
}
