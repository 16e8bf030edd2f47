namespace MptcpMatrix.Orchestrator.Kernels;

/// <summary>A download or cache entry did not match its expected SHA-256: nothing unverified is booted.</summary>
internal sealed class KernelIntegrityException : Exception
{
    public KernelIntegrityException(string what, string expected, string received)
        : base($"{what}: SHA-256 mismatch: expected {expected}, received {received}")
    {
        What = what;
        Expected = expected;
        Received = received;
    }

    public string What { get; }
    public string Expected { get; }
    public string Received { get; }
}
