namespace MptcpMatrix.Orchestrator.Planning;

/// <summary>One job of the GitHub matrix: the cell id plus its axes (for the job name).</summary>
public sealed record GithubMatrixEntry(string Id, string Kernel, string Family, string Backend, string Variant, string? Userspace);
