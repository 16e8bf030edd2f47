namespace MptcpMatrix.Orchestrator.Tests.Support;

/// <summary>A temporary directory removed on dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = Directory.CreateTempSubdirectory("mm-orch-").FullName;
    }

    public string Path { get; }

    public string File(string name, string content)
    {
        var full = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        System.IO.File.WriteAllText(full, content);
        return full;
    }

    public string Sub(string name)
    {
        var dir = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Writes <paramref name="cells"/> as a run's cell files under <paramref name="sub"/>; returns that directory.</summary>
    public string WriteCells(string sub, IEnumerable<Orchestrator.Cells.CellResult> cells)
    {
        var outDir = Sub(sub);
        foreach (var cell in cells) Orchestrator.Running.ResultStore.WriteCell(outDir, cell);
        return outDir;
    }

    public string WriteCells(string sub, params Orchestrator.Cells.CellResult[] cells) => WriteCells(sub, (IEnumerable<Orchestrator.Cells.CellResult>)cells);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
