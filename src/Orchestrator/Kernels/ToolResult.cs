namespace MptcpMatrix.Orchestrator.Kernels;

/// <summary>What an external tool printed and returned.</summary>
internal sealed record ToolResult(int ExitCode, string StandardOutput, string StandardError);
