using System.Security.Cryptography;

namespace MptcpMatrix.Orchestrator.Config;

/// <summary>
/// The bytes of a matrix file as one run read them, and their SHA-256. A run keeps them in its directory
/// (<c>OUT/config.yml</c>, hash in run.json) so <c>--resume</c> continues with the same matrix, whatever the
/// working directory or ./matrix.yml holds by then.
/// </summary>
/// <param name="SourceFile">Where the bytes came from (absolute): relative paths in the file resolve against it.</param>
internal sealed record ConfigSnapshot(string SourceFile, byte[] Content, string Sha256)
{
    public static ConfigSnapshot Of(string sourceFile, byte[] content) =>
        new(Path.GetFullPath(sourceFile), content, Convert.ToHexStringLower(SHA256.HashData(content)));

    /// <summary>Reads <paramref name="path"/>; a missing file is the loader's usual <c>file:1:1: file not found</c>.</summary>
    /// <exception cref="ConfigException">The file does not exist.</exception>
    public static ConfigSnapshot Read(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new ConfigException([new ConfigError(path, 1, 1, "file not found")]);
        return Of(full, File.ReadAllBytes(full));
    }

    /// <summary>Loads the matrix from these bytes; errors name <paramref name="displayName"/> (default: the source file).</summary>
    public MatrixConfig Load(string? displayName = null) => ConfigLoader.Load(Content, SourceFile, displayName ?? SourceFile);
}
