namespace MptcpMatrix.Orchestrator.Kernels;

/// <summary>A kernel could not be resolved, fetched or verified. <see cref="Source"/> names the matrix.yml source.</summary>
public sealed class KernelException : Exception
{
    public KernelException(string source, string message, Exception? inner = null)
        : base($"kernel {source}: {message}", inner)
    {
        Source = source;
    }

    public new string Source { get; }
}
