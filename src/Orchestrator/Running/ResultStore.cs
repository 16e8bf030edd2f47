using System.Text.Json;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Infrastructure;

namespace MptcpMatrix.Orchestrator.Running;

/// <summary>Cell result files: <c>OUT/cells/&lt;id&gt;.json</c> (written atomically) and <c>OUT/run.json</c>.</summary>
internal static class ResultStore
{
    public static string CellPath(string outDir, string cellId) => Path.Combine(outDir, "cells", cellId + ".json");

    public static string ManifestPath(string outDir) => Path.Combine(outDir, "run.json");

    /// <summary>The run's own copy of its matrix file, byte for byte (its SHA-256 is run.json's <c>config_sha256</c>).</summary>
    public const string ConfigCopyName = "config.yml";

    public static string ConfigCopyPath(string outDir) => Path.Combine(outDir, ConfigCopyName);

    public static void WriteCell(string outDir, CellResult result) =>
        AtomicFile.WriteAllText(CellPath(outDir, result.Cell.Id), JsonSerializer.Serialize(result, OrchestratorJson.Default.CellResult));

    /// <summary>Reads a cell result; throws <see cref="InvalidDataException"/> naming the file when it is not one.</summary>
    public static CellResult ReadCell(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            var result = JsonSerializer.Deserialize(stream, OrchestratorJson.Default.CellResult);
            if (result?.Cell is null || string.IsNullOrEmpty(result.Cell.Id))
                throw new InvalidDataException($"{path}: not a cell result (no cell id)");
            if (result.SchemaVersion != CellResult.CurrentSchemaVersion)
                throw new InvalidDataException($"{path}: cell result schema {result.SchemaVersion}, this build reads {CellResult.CurrentSchemaVersion}");
            return result;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}:{e.LineNumber + 1}: not a valid cell result: {e.Message}", e);
        }
    }

    /// <summary>Ids of the cells that already have a readable result in <paramref name="outDir"/>.</summary>
    public static HashSet<string> FinishedIds(string outDir)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var dir = Path.Combine(outDir, "cells");
        if (!Directory.Exists(dir)) return ids;
        foreach (var file in Directory.EnumerateFiles(dir, "*.json"))
        {
            try
            {
                ids.Add(ReadCell(file).Cell.Id);
            }
            catch (InvalidDataException)
            {
                // A damaged file is as good as missing: the cell runs again.
            }
        }

        return ids;
    }

    public static void WriteManifest(string outDir, RunManifest manifest) =>
        AtomicFile.WriteAllText(ManifestPath(outDir), JsonSerializer.Serialize(manifest, ManifestWriteJson.Default.RunManifest));

    public static RunManifest? ReadManifest(string outDir)
    {
        var path = ManifestPath(outDir);
        if (!File.Exists(path)) return null;
        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize(stream, OrchestratorJson.Default.RunManifest);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a run manifest: {e.Message}", e);
        }
    }
}
