using System.CommandLine;
using MptcpMatrix.Orchestrator.Config;
using MptcpMatrix.Orchestrator.Infrastructure;
using MptcpMatrix.Orchestrator.Reporting;

namespace MptcpMatrix.Orchestrator.Commands;

/// <summary>
/// <c>matrix schema [--of matrix|report|cell] [--output FILE]</c>: a JSON Schema generated from the types: matrix.yml's
/// (draft-07, checked in as matrix.schema.json), report.json's or a cell file's (2020-12, checked in under docs/schemas/).
/// </summary>
internal static class SchemaCommand
{
    public static Command Create()
    {
        var output = new Option<string?>("--output", "-o") { Description = "Write to FILE (atomically) instead of stdout" };
        var of = new Option<string>("--of")
        {
            Description = "Which schema: matrix (matrix.yml; matrix.schema.json), report (report.json) or cell (DIR/cells/<id>.json); the last two are in docs/schemas/",
            DefaultValueFactory = _ => "matrix",
        };
        of.AcceptOnlyFromAmong("matrix", "report", "cell");
        var command = new Command("schema", "Print a JSON Schema: matrix.yml's (checked in as matrix.schema.json), report.json's or a cell file's (docs/schemas/)") { of, output };
        command.SetAction(parse =>
        {
            var schema = parse.GetValue(of) switch
            {
                "report" => ResultSchemas.Report(),
                "cell" => ResultSchemas.Cell(),
                _ => SchemaGenerator.Generate(),
            };
            if (parse.GetValue(output) is { } file) AtomicFile.WriteAllText(file, schema);
            else Console.Out.Write(schema);
            return ExitCodes.Ok;
        });
        return command;
    }
}
