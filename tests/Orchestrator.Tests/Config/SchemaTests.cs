using System.Text.Json;
using MptcpMatrix.Orchestrator.Config;
using MptcpMatrix.TestSupport;

namespace MptcpMatrix.Orchestrator.Tests.Config;

public sealed class SchemaTests
{
    [Fact]
    public void The_checked_in_schema_is_what_matrix_schema_generates()
    {
        var checkedIn = File.ReadAllText(Path.Combine(RepoPaths.Root, "matrix.schema.json"));
        Assert.True(checkedIn == SchemaGenerator.Generate(), "matrix.schema.json is stale: run `./matrix schema -o matrix.schema.json`");
    }

    [Fact]
    public void The_schema_is_draft_07_and_closed_with_the_valid_choices()
    {
        using var doc = JsonDocument.Parse(SchemaGenerator.Generate());
        var root = doc.RootElement;
        Assert.Equal("http://json-schema.org/draft-07/schema#", root.GetProperty("$schema").GetString());
        Assert.False(root.GetProperty("additionalProperties").GetBoolean());
        Assert.Equal(ConfigKeys.Of<MatrixConfig>(), root.GetProperty("properties").EnumerateObject().Select(p => p.Name));
        var kernel = root.GetProperty("definitions").GetProperty("KernelConfig");
        Assert.Equal(["name", "source"], kernel.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(KnownValues.DebianSuites.Append(null), kernel.GetProperty("properties").GetProperty("suite").GetProperty("enum").EnumerateArray()
            .Select(e => e.ValueKind == JsonValueKind.Null ? null : e.GetString()));
        Assert.Equal(KnownValues.Backends, root.GetProperty("properties").GetProperty("backends").GetProperty("items").GetProperty("enum").EnumerateArray().Select(e => e.GetString()!));
        Assert.Equal(7200, root.GetProperty("properties").GetProperty("timeout").GetProperty("maximum").GetInt32());
    }

    [Fact]
    public void The_suites_the_loader_accepts_are_the_ones_the_schema_lists()
    {
        var attribute = typeof(KernelConfig).GetProperty(nameof(KernelConfig.Suite))!
            .GetCustomAttributes(typeof(System.ComponentModel.DataAnnotations.AllowedValuesAttribute), false)
            .Cast<System.ComponentModel.DataAnnotations.AllowedValuesAttribute>().Single();
        Assert.Equal(KnownValues.DebianSuites, attribute.Values.Cast<string>());
    }
}
