using System.CommandLine;
using System.Text.Json;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Infrastructure;
using MptcpMatrix.Orchestrator.Planning;
using Spectre.Console;

namespace MptcpMatrix.Orchestrator.Commands;

/// <summary><c>matrix plan</c>: the expanded cells with their stable ids, as a table, JSON or a GitHub <c>strategy.matrix</c>.</summary>
internal static class PlanCommand
{
    public static Command Create()
    {
        var config = ConfigOption.Create();
        var format = new Option<string>("--format", "-f") { Description = "table, json or github", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json", "github");
        var filter = new Option<string[]>("--filter") { Description = "key=value[,key=value] (keys: id, kernel, family, backend, variant, userspace; * wildcard); repeat = OR" };
        var group = new Option<string>("--group") { Description = "With --format github: one job per kernel (default; all its cells in one boot) or per cell", DefaultValueFactory = _ => GithubGrouping.Kernel };
        group.AcceptOnlyFromAmong([.. GithubGrouping.Names]);
        var command = new Command("plan", "Show the expanded cells with their stable ids") { config, format, filter, group };
        command.SetAction(parse => Run(new PlanOptions(parse.GetValue(config)!, parse.GetValue(format)!, parse.GetValue(filter) ?? [], parse.GetValue(group)!), Console.Out, Console.Error));
        return command;
    }

    public static int Run(PlanOptions options, TextWriter output, TextWriter error)
    {
        var (format, group) = (options.Format, options.Group);
        var config = ConfigOption.Load(options.ConfigPath, error);
        if (config is null) return ExitCodes.BadInput;
        IReadOnlyList<CellSpec> cells;
        try
        {
            cells = CellSelection.Select(CellPlanner.Expand(config), [], CellFilter.Parse(options.Filters ?? []));
        }
        catch (FormatException e)
        {
            error.WriteLine("error: " + e.Message);
            return ExitCodes.BadInput;
        }

        switch (format)
        {
            case "json":
                output.WriteLine(JsonSerializer.Serialize(cells, OrchestratorJson.Default.IReadOnlyListCellSpec));
                return ExitCodes.Ok;
            case "github":
                if (cells.Count == 0)
                {
                    error.WriteLine("error: no cells match; a GitHub matrix must not be empty");
                    return ExitCodes.BadInput;
                }

                var matrix = GithubGrouping.Group(cells, group);
                if (matrix.Include.Count > GithubMatrix.JobLimit)
                {
                    error.WriteLine($"error: the plan has {matrix.Include.Count} jobs ({cells.Count} cells, --group {group}) but a GitHub Actions matrix runs at most {GithubMatrix.JobLimit} jobs; " +
                        "use --group kernel, split it with --filter (e.g. one workflow per backend) or shrink matrix.yml");
                    return ExitCodes.BadInput;
                }

                var json = JsonSerializer.Serialize(matrix, OrchestratorJson.Default.GithubMatrix);
                // One line: it goes into $GITHUB_OUTPUT as matrix=<json>.
                output.WriteLine(JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement));
                return ExitCodes.Ok;
            default:
                var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
                if (output != Console.Out || Console.IsOutputRedirected) console.Profile.Width = 240;
                var table = new Table().AddColumns("#", "Id", "Kernel", "Source", "Family", "Backend", "Variant", "Sysctls");
                var n = 0;
                foreach (var c in cells)
                {
                    table.AddRow((++n).ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(c.Id), Markup.Escape(c.Kernel),
                        Markup.Escape(c.KernelSource.ToString() + (c.KernelSource.IsHost ? " (host kernel)" : "")), c.Family,
                        c.Backend + (c.Userspace is null ? "" : $" ({c.Userspace})"), Markup.Escape(c.Variant),
                        Markup.Escape(string.Join(" ", c.Sysctls.Select(kv => $"{kv.Key}={kv.Value}"))));
                }

                console.Write(table);
                console.WriteLine($"{cells.Count} cells from {config.SourceFile}");
                return ExitCodes.Ok;
        }
    }
}
