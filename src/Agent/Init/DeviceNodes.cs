using System.Runtime.InteropServices;
using MptcpMatrix.Agent.Host;

namespace MptcpMatrix.Agent.Init;

/// <summary>
/// The character devices the init uses, made with mknod when the kernel has no devtmpfs to provide them (a
/// <c>tinyconfig</c> kernel without <c>CONFIG_DEVTMPFS</c>): the consoles, both serial ports and the memory devices.
/// </summary>
internal static class DeviceNodes
{
    /// <summary>Path, major, minor (Documentation/admin-guide/devices.txt).</summary>
    internal static readonly (string Path, uint Major, uint Minor)[] Needed =
    [
        ("/dev/console", 5, 1), ("/dev/tty", 5, 0), ("/dev/null", 1, 3), ("/dev/zero", 1, 5), ("/dev/random", 1, 8),
        ("/dev/urandom", 1, 9), ("/dev/kmsg", 1, 11), ("/dev/ttyS0", 4, 64), ("/dev/ttyS1", 4, 65), ("/dev/ttyS2", 4, 66),
    ];

    /// <summary>Creates each missing node in <paramref name="dir"/>; returns the problems in words (empty when all exist).</summary>
    public static List<string> Create(string dir = "/dev")
    {
        var problems = new List<string>();
        Directory.CreateDirectory(dir);
        foreach (var (path, major, minor) in Needed)
        {
            var target = Path.Combine(dir, Path.GetFileName(path));
            if (File.Exists(target)) continue;
            if (Interop.Sys.Mknod(target, Interop.Sys.S_IFCHR | 0x1b0 /* 0660 */, Interop.Sys.MakeDev(major, minor)) != 0)
                problems.Add($"mknod {target} (char {major}:{minor}): {Interop.Errno.Name(Marshal.GetLastPInvokeError())}");
        }

        if (problems.Count > 0) StandardStreams.WriteLine(StandardStreams.Error, string.Join("; ", problems));
        return problems;
    }
}
