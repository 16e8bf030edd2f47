using System.Text.Json;
using Json.Schema;

namespace MptcpMatrix.Orchestrator.Tests.Support;

/// <summary>Validates JSON against a checked-in schema with JsonSchema.Net, listing every error with where it is.</summary>
public static class SchemaValidation
{
    private static readonly Dictionary<string, JsonSchema> Schemas = new(StringComparer.Ordinal);
    private static readonly Lock Gate = new();

    /// <summary>The errors of <paramref name="json"/> against the schema in <paramref name="schemaFile"/> (empty: valid).</summary>
    public static IReadOnlyList<string> Errors(string schemaFile, string json)
    {
        JsonSchema schema;
        lock (Gate)
        {
            // Built once per file: a schema's $id registers it globally.
            if (!Schemas.TryGetValue(schemaFile, out schema!)) Schemas[schemaFile] = schema = JsonSchema.FromText(File.ReadAllText(schemaFile));
        }

        using var document = JsonDocument.Parse(json);
        var result = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid) return [];
        var errors = new List<string>();
        void Collect(EvaluationResults r)
        {
            if (r.Errors is { } found) errors.AddRange(found.Select(e => $"{r.InstanceLocation} ({r.SchemaLocation}): {e.Key}: {e.Value}"));
            foreach (var d in r.Details ?? []) Collect(d);
        }

        Collect(result);
        return errors.Count > 0 ? errors : ["invalid (no error details)"];
    }
}
