namespace MptcpMatrix.Orchestrator.Kernels;

/// <summary>A kernel could not be resolved, fetched or verified. <see cref="Source"/> names the matrix.yml source.</summary>
internal sealed class KernelException : Exception
{
    public KernelException(string source, string message, Exception? inner = null, bool permanent = false)
        : base($"kernel {source}: {message}", inner)
    {
        Source = source;
        Permanent = permanent;
    }

    public new string Source { get; }

    /// <summary>Trying again cannot help (HTTP 4xx, a download over the size cap, a file that is not a kernel image).</summary>
    public bool Permanent { get; }
}
