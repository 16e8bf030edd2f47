using System.CommandLine;
using MptcpMatrix.Orchestrator.Config;

namespace MptcpMatrix.Orchestrator.Commands;

/// <summary><c>--config FILE</c> (default ./matrix.yml) and the shared way of reporting a bad file.</summary>
internal static class ConfigOption
{
    public const string DefaultPath = "matrix.yml";

    public static Option<string> Create() => new("--config", "-c")
    {
        Description = "The matrix file",
        DefaultValueFactory = _ => DefaultPath,
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
            Print(e, path, error);
            return null;
        }
    }

    /// <summary>Loads a snapshot's bytes (errors name <paramref name="shownAs"/>); null after printing the problems.</summary>
    public static MatrixConfig? Load(ConfigSnapshot snapshot, string shownAs, TextWriter error)
    {
        try
        {
            return snapshot.Load(shownAs);
        }
        catch (ConfigException e)
        {
            Print(e, shownAs, error);
            return null;
        }
    }

    public static void Print(ConfigException e, string path, TextWriter error)
    {
        foreach (var problem in e.Errors) error.WriteLine("error: " + problem);
        error.WriteLine($"matrix: {e.Errors.Count} problem(s) in {path}; nothing was started");
    }
}
