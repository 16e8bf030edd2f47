using System.Text.Json;
using MptcpMatrix.Orchestrator.Infrastructure;
using MptcpMatrix.Orchestrator.Reporting;
using MptcpMatrix.Orchestrator.Tests.Support;
using MptcpMatrix.TestSupport;

namespace MptcpMatrix.Orchestrator.Tests.Reporting;

/// <summary>
/// docs/schemas/report.schema.json and cell.schema.json are what <see cref="ResultSchemas"/> generates from the types
/// (<c>UPDATE_SNAPSHOTS=1</c> rewrites them), and the report and cell files of a real run, and of the all-kinds sample, satisfy them.
/// </summary>
public sealed class ResultSchemaTests
{
    private static string SchemaPath(string file) => Path.Combine(RepoPaths.Root, "docs", "schemas", file);

    private static void VerifyCheckedIn(string file, string generated)
    {
        var path = SchemaPath(file);
        if (Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1") File.WriteAllText(path, generated);
        Assert.True(File.Exists(path), $"{path} is missing: run `matrix schema --of {file.Split('.')[0]} -o docs/schemas/{file}` (or UPDATE_SNAPSHOTS=1)");
        Assert.True(File.ReadAllText(path) == generated,
            $"docs/schemas/{file} is not the generated schema: run `matrix schema --of {file.Split('.')[0]} -o docs/schemas/{file}` (or UPDATE_SNAPSHOTS=1) and review the diff");
    }

    [Fact]
    public void The_checked_in_report_schema_is_the_one_generated_from_the_types() => VerifyCheckedIn(ResultSchemas.ReportFile, ResultSchemas.Report());

    [Fact]
    public void The_checked_in_cell_schema_is_the_one_generated_from_the_types() => VerifyCheckedIn(ResultSchemas.CellFile, ResultSchemas.Cell());

    [Fact]
    public void The_schemas_name_their_draft_and_the_enums_as_written()
    {
        using var report = JsonDocument.Parse(ResultSchemas.Report());
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", report.RootElement.GetProperty("$schema").GetString());
        var cell = ResultSchemas.Cell();
        Assert.Contains("\"infra-error\"", cell, StringComparison.Ordinal);
        Assert.Contains("\"expected_unsupported\"", cell, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_cell_file_of_a_real_run_satisfies_the_cell_schema()
    {
        var files = Directory.GetFiles(Path.Combine(RealRun.Dir, "cells"), "*.json");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var errors = SchemaValidation.Errors(SchemaPath(ResultSchemas.CellFile), File.ReadAllText(file));
            Assert.True(errors.Count == 0, $"{Path.GetFileName(file)}:\n" + string.Join("\n", errors.Take(10)));
        }
    }

    [Fact]
    public void The_report_json_of_a_real_run_satisfies_the_report_schema()
    {
        using var dir = new TempDir();
        RealRun.CopyTo(dir.Path);
        var report = ReportBuilder.Build([dir.Path], null, Reports.T0);
        ReportWriter.WriteAll(report, dir.Path);
        var errors = SchemaValidation.Errors(SchemaPath(ResultSchemas.ReportFile), File.ReadAllText(Path.Combine(dir.Path, "report.json")));
        Assert.True(errors.Count == 0, string.Join("\n", errors.Take(10)));
    }

    [Fact]
    public void The_sample_report_with_a_baseline_and_duplicates_satisfies_the_report_schema()
    {
        var json = File.ReadAllText(Path.Combine(Snapshot.Dir, "report.verified.json"));
        var errors = SchemaValidation.Errors(SchemaPath(ResultSchemas.ReportFile), json);
        Assert.True(errors.Count == 0, string.Join("\n", errors.Take(10)));
    }

    [Fact]
    public void A_cell_file_with_an_unknown_status_or_without_its_cell_is_rejected()
    {
        var real = File.ReadAllText(Path.Combine(RealRun.Dir, "cells", "vm-bookworm-ipv4-default.json"));
        Assert.NotEmpty(SchemaValidation.Errors(SchemaPath(ResultSchemas.CellFile), real.Replace("\"status\": \"pass\"", "\"status\": \"great\"", StringComparison.Ordinal)));
        var cell = JsonSerializer.Deserialize(real, OrchestratorJson.Default.CellResult)!;
        var withoutCell = JsonSerializer.SerializeToNode(cell, OrchestratorJson.Default.CellResult)!.AsObject();
        withoutCell.Remove("cell");
        Assert.NotEmpty(SchemaValidation.Errors(SchemaPath(ResultSchemas.CellFile), withoutCell.ToJsonString()));
    }
}
