namespace MptcpMatrix.Orchestrator.Backends.Container;

/// <summary>What a cell's container produced: its exit code and both streams.</summary>
internal sealed record ContainerOutput(long ExitCode, string Stdout, string Stderr);
