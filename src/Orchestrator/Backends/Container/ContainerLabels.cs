namespace MptcpMatrix.Orchestrator.Backends.Container;

/// <summary>
/// Labels on every container the backend creates, so a later run (or <c>matrix doctor</c>) can find and remove the leftovers
/// of a killed one. Images carry different labels (<c>mptcpmatrix.image</c>) so containers started from them by hand are never swept.
/// </summary>
internal static class ContainerLabels
{
    /// <summary>Marks a container as ours: <c>mptcpmatrix=1</c>.</summary>
    public const string Marker = "mptcpmatrix";

    public const string Run = "mptcpmatrix.run";
    public const string Cell = "mptcpmatrix.cell";

    /// <summary>PID of the orchestrator process that owns the container (with <see cref="Host"/>): a dead owner means a leftover.</summary>
    public const string OwnerPid = "mptcpmatrix.pid";

    /// <summary>Start time of that process (field 22 of /proc/PID/stat), so a reused pid is not mistaken for the owner.</summary>
    public const string OwnerStart = "mptcpmatrix.pid-start";

    public const string Host = "mptcpmatrix.host";

    /// <summary>On images: the SHA-256 of the agent bundle tar baked into the image.</summary>
    public const string ImageBundle = "mptcpmatrix.image.bundle-sha256";

    /// <summary>On images: the userspace (<c>scratch</c>, <c>debian</c>, <c>alpine</c>).</summary>
    public const string ImageUserspace = "mptcpmatrix.image.userspace";

    /// <summary>On images: what the image is built from, e.g. <c>debootstrap bookworm</c>.</summary>
    public const string ImageBase = "mptcpmatrix.image.base";
}
