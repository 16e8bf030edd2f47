namespace MptcpMatrix.Orchestrator.Backends;

/// <summary>What a backend needs from the run: where things are and where to put logs.</summary>
/// <param name="OutDir">The run's output directory (cells go to <c>OutDir/cells</c>, logs to <c>OutDir/logs</c>).</param>
/// <param name="Agent">The built Agent: host binary and bundle.</param>
/// <param name="CacheDir">Cache for kernels and images (XDG cache by default).</param>
/// <param name="ReportStage">Progress callback: (cell id, stage).</param>
internal sealed record RunContext(
    string OutDir,
    AgentArtifacts Agent,
    string CacheDir,
    Action<string, CellStage> ReportStage)
{
    /// <summary>The files in a cell's log directory, relative to <see cref="OutDir"/> and sorted (what CellResult.Logs lists).</summary>
    public IReadOnlyList<string> LogFiles(string cellId)
    {
        var dir = Path.Combine(OutDir, "logs", cellId);
        return Directory.Exists(dir)
            ? Directory.GetFiles(dir).Order(StringComparer.Ordinal).Select(f => Path.GetRelativePath(OutDir, f)).ToList()
            : [];
    }

    /// <summary>Directory for a cell's logs (console, stderr); created on demand.</summary>
    public string LogDir(string cellId)
    {
        var dir = Path.Combine(OutDir, "logs", cellId);
        Directory.CreateDirectory(dir);
        return dir;
    }
}
