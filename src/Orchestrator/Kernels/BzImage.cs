using System.Text;

namespace MptcpMatrix.Orchestrator.Kernels;

/// <summary>Reads the x86 boot protocol header of a bzImage (Documentation/arch/x86/boot.rst).</summary>
public static class BzImage
{
    /// <summary>The release string the image carries (<c>kernel_version</c> field), or null when it is not a bzImage.</summary>
    public static string? ReadRelease(string path)
    {
        using var stream = File.OpenRead(path);
        var header = new byte[0x210];
        if (stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length) return null;
        if (Encoding.ASCII.GetString(header, 0x202, 4) != "HdrS") return null;
        var offset = BitConverter.ToUInt16(header, 0x20E);
        if (offset == 0) return null;
        stream.Position = 0x200 + offset;
        var buffer = new byte[256];
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        var text = Encoding.ASCII.GetString(buffer, 0, read);
        var end = text.IndexOfAny([' ', '\0']);
        return end > 0 ? text[..end] : null;
    }
}
