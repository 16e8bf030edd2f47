using System.CommandLine;
using MptcpMatrix.Orchestrator.Config;
using MptcpMatrix.Orchestrator.Infrastructure;

namespace MptcpMatrix.Orchestrator.Commands;

/// <summary><c>matrix schema [--output FILE]</c>: the JSON Schema (draft-07) of matrix.yml, generated from the config types.</summary>
public static class SchemaCommand
{
    public static Command Create()
    {
        var output = new Option<string?>("--output", "-o") { Description = "Write to FILE (atomically) instead of stdout" };
        var command = new Command("schema", "Print matrix.yml's JSON Schema (checked in as matrix.schema.json)") { output };
        command.SetAction(parse =>
        {
            var schema = SchemaGenerator.Generate();
            if (parse.GetValue(output) is { } file) AtomicFile.WriteAllText(file, schema);
            else Console.Out.Write(schema);
            return ExitCodes.Ok;
        });
        return command;
    }
}
