using System.Globalization;
using System.Text;

namespace MptcpMatrix.Orchestrator.Backends.Vm;

/// <summary>
/// Writes a cpio archive in the "newc" format (SVR4 without CRC, magic <c>070701</c>) as the kernel's initramfs unpacker
/// reads it (Documentation/driver-api/early-userspace/buffer-format.rst): a 110-byte ASCII-hex header, the NUL-terminated
/// name padded to 4 bytes, the data padded to 4 bytes, and a final <c>TRAILER!!!</c> entry.
/// </summary>
internal sealed class CpioWriter(Stream output) : IDisposable
{
    private const uint TypeDirectory = 0x4000;
    private const uint TypeRegular = 0x8000;
    private const uint TypeSymlink = 0xA000;
    private const uint TypeCharDevice = 0x2000;

    private readonly HashSet<string> _written = new(StringComparer.Ordinal);
    private uint _nextInode = 1;
    private bool _finished;

    /// <summary>Modification time written into every header (fixed, so archives are reproducible).</summary>
    public uint MTime { get; init; }

    public void AddDirectory(string path, uint permissions = 0x1ED /* 0755 */) =>
        WriteEntry(Normalize(path), TypeDirectory | permissions, 2, [], 0, 0);

    public void AddFile(string path, ReadOnlySpan<byte> content, uint permissions = 0x1A4 /* 0644 */) =>
        WriteEntry(Normalize(path), TypeRegular | permissions, 1, content, 0, 0);

    public void AddSymlink(string path, string target) =>
        WriteEntry(Normalize(path), TypeSymlink | 0x1FF, 1, Encoding.UTF8.GetBytes(target), 0, 0);

    public void AddCharDevice(string path, uint major, uint minor, uint permissions = 0x180 /* 0600 */) =>
        WriteEntry(Normalize(path), TypeCharDevice | permissions, 1, [], major, minor);

    /// <summary>Adds every missing parent directory of <paramref name="path"/>.</summary>
    public void AddParents(string path)
    {
        var parts = Normalize(path).Split('/');
        for (var i = 1; i < parts.Length; i++)
        {
            var dir = string.Join('/', parts[..i]);
            if (!_written.Contains(dir)) AddDirectory(dir);
        }
    }

    /// <summary>Writes the trailer. Further entries are an error.</summary>
    public void Finish()
    {
        if (_finished) return;
        WriteHeader("TRAILER!!!", 0, 0, 1, 0, 0, 0);
        _finished = true;
        output.Flush();
    }

    public void Dispose() => Finish();

    private static string Normalize(string path)
    {
        var trimmed = path.Trim('/');
        if (trimmed.Length == 0 || trimmed.Split('/').Any(p => p is "" or "." or ".."))
            throw new ArgumentException($"invalid archive path '{path}'", nameof(path));
        return trimmed;
    }

    private void WriteEntry(string name, uint mode, uint nlink, ReadOnlySpan<byte> data, uint rdevMajor, uint rdevMinor)
    {
        if (_finished) throw new InvalidOperationException("the archive is finished");
        if (!_written.Add(name)) throw new ArgumentException($"'{name}' is already in the archive", nameof(name));
        WriteHeader(name, _nextInode++, mode, nlink, (uint)data.Length, rdevMajor, rdevMinor);
        output.Write(data);
        Pad(data.Length);
    }

    private void WriteHeader(string name, uint inode, uint mode, uint nlink, uint size, uint rdevMajor, uint rdevMinor)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var header = new StringBuilder(110);
        header.Append("070701");
        foreach (var field in new uint[] { inode, mode, 0, 0, nlink, MTime, size, 0, 0, rdevMajor, rdevMinor, (uint)nameBytes.Length + 1, 0 })
            header.Append(field.ToString("X8", CultureInfo.InvariantCulture));
        output.Write(Encoding.ASCII.GetBytes(header.ToString()));
        output.Write(nameBytes);
        output.WriteByte(0);
        Pad(110 + nameBytes.Length + 1);
    }

    private void Pad(int length)
    {
        var pad = (4 - length % 4) % 4;
        for (var i = 0; i < pad; i++) output.WriteByte(0);
    }
}
