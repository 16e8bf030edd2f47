using System.CommandLine;
using MptcpMatrix.Orchestrator.Config;

namespace MptcpMatrix.Orchestrator.Commands;

/// <summary><c>--config FILE</c> (default ./matrix.yml) and the shared way of reporting a bad file.</summary>
public static class ConfigOption
{
    public static Option<string> Create() => new("--config", "-c")
    {
        Description = "The matrix file",
        DefaultValueFactory = _ => "matrix.yml",
    };

    /// <summary>Loads the file; on errors prints one line per problem to stderr and returns null (the caller exits 2).</summary>
    public static MatrixConfig? Load(string path, TextWriter error)
    {
        try
        {
            return ConfigLoader.LoadFile(path);
        }
        catch (ConfigException e)
        {
            foreach (var problem in e.Errors) error.WriteLine("error: " + problem);
            error.WriteLine($"matrix: {e.Errors.Count} problem(s) in {path}; nothing was started");
            return null;
        }
    }
}
