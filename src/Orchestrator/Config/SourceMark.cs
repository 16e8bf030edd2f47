namespace MptcpMatrix.Orchestrator.Config;

/// <summary>A position in a file (1-based line and column).</summary>
internal readonly record struct SourceMark(int Line, int Column)
{
    public static SourceMark None { get; } = new(0, 0);
}
