namespace MptcpMatrix.Orchestrator.Backends.Container;

/// <summary>The engine went away before the cell's container started: the cell is skipped ("engine went away"), not retried.</summary>
internal sealed class EngineGoneBeforeStartException(string message, Exception inner) : Exception(message, inner);
