namespace MptcpMatrix.Orchestrator.Config;

/// <summary>One problem in matrix.yml, with its position.</summary>
internal sealed record ConfigError(string File, int Line, int Column, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Column}: {Message}";
}
