using System.Formats.Tar;
using System.Security.Cryptography;

namespace MptcpMatrix.Orchestrator.Backends.Container;

/// <summary>
/// Builds reproducible tar archives in memory (ustar: no atime/ctime; fixed mtime, owner root, sorted entries): the same input gives the same
/// bytes, so the SHA-256 of the tar names the image built from it.
/// </summary>
internal sealed class TarBuilder : IDisposable
{
    private static readonly DateTimeOffset Epoch = DateTimeOffset.FromUnixTimeSeconds(0);
    private readonly MemoryStream _buffer = new();
    private readonly TarWriter _writer;
    private readonly Dictionary<string, TarEntryType> _names = new(StringComparer.Ordinal);

    public TarBuilder() => _writer = new TarWriter(_buffer, TarEntryFormat.Ustar, leaveOpen: true);

    /// <summary>Adds <paramref name="directory"/>'s tree under <paramref name="prefix"/> (e.g. <c>""</c> keeps its layout).</summary>
    public TarBuilder AddTree(string directory, string prefix = "")
    {
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"{directory} does not exist");
        foreach (var path in Directory.EnumerateFileSystemEntries(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var name = Combine(prefix, Path.GetRelativePath(directory, path).Replace('\\', '/'));
            var info = new FileInfo(path);
            if (info.LinkTarget is not null) AddSymlink(name, info.LinkTarget);
            else if (Directory.Exists(path)) AddDirectory(name);
            else AddFile(name, File.ReadAllBytes(path), ModeOf(path));
        }

        return this;
    }

    public TarBuilder AddDirectory(string name, UnixFileMode mode = (UnixFileMode)0x1ED /* 0755 */)
    {
        if (!Claim(name, TarEntryType.Directory)) return this;
        name = name.TrimEnd('/') + "/";
        _writer.WriteEntry(new UstarTarEntry(TarEntryType.Directory, name) { Mode = mode, ModificationTime = Epoch });
        return this;
    }

    public TarBuilder AddFile(string name, byte[] content, UnixFileMode mode = (UnixFileMode)0x1A4 /* 0644 */)
    {
        AddParents(name);
        Claim(name, TarEntryType.RegularFile);
        _writer.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, name)
        {
            Mode = mode,
            ModificationTime = Epoch,
            DataStream = new MemoryStream(content, writable: false),
        });
        return this;
    }

    public TarBuilder AddSymlink(string name, string target)
    {
        AddParents(name);
        Claim(name, TarEntryType.SymbolicLink);
        _writer.WriteEntry(new UstarTarEntry(TarEntryType.SymbolicLink, name)
        {
            LinkName = target,
            Mode = (UnixFileMode)0x1FF,
            ModificationTime = Epoch,
        });
        return this;
    }

    /// <summary>Copies an entry read from another archive (directory, file or symlink).</summary>
    public TarBuilder AddFileEntry(TarEntry entry)
    {
        switch (entry.EntryType)
        {
            case TarEntryType.Directory:
                return AddDirectory(entry.Name, entry.Mode);
            case TarEntryType.SymbolicLink:
                return AddSymlink(entry.Name, entry.LinkName);
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile:
                using (var copy = new MemoryStream())
                {
                    entry.DataStream?.CopyTo(copy);
                    return AddFile(entry.Name, copy.ToArray(), entry.Mode);
                }
            default:
                throw new InvalidOperationException($"tar entry {entry.Name} has unsupported type {entry.EntryType}");
        }
    }

    /// <summary>Finishes the archive: its bytes and their SHA-256 (lowercase hex).</summary>
    public (byte[] Bytes, string Sha256) Complete()
    {
        _writer.Dispose();
        var bytes = _buffer.ToArray();
        return (bytes, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    public void Dispose()
    {
        _writer.Dispose();
        _buffer.Dispose();
    }

    /// <summary>The file's permission bits (0644 where the platform has none).</summary>
    public static UnixFileMode ModeOf(string path) => OperatingSystem.IsWindows() ? (UnixFileMode)0x1A4 : File.GetUnixFileMode(path);

    /// <summary>Records a path; false for a directory seen before; a path used twice otherwise is an error (engines reject such tars).</summary>
    private bool Claim(string name, TarEntryType type)
    {
        var key = name.TrimEnd('/');
        if (_names.TryGetValue(key, out var existing))
        {
            if (existing == TarEntryType.Directory && type == TarEntryType.Directory) return false;
            throw new InvalidOperationException($"duplicate tar entry {key} ({existing} and {type})");
        }

        _names[key] = type;
        return true;
    }

    private void AddParents(string name)
    {
        var parts = name.Split('/');
        for (var i = 1; i < parts.Length; i++) AddDirectory(string.Join('/', parts[..i]));
    }

    private static string Combine(string prefix, string name) => prefix.Length == 0 ? name : prefix.TrimEnd('/') + "/" + name;
}
