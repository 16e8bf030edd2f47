using System.Text;

namespace MptcpMatrix.Orchestrator.Tests.Support;

/// <summary>The smallest file the x86 boot protocol header check accepts: boot flag 0xAA55, "HdrS" and a kernel version string.</summary>
public static class FakeBzImage
{
    public static byte[] Bytes(string release = "6.1.0-test")
    {
        var image = new byte[0x400];
        image[0x1FE] = 0x55;
        image[0x1FF] = 0xAA;
        Encoding.ASCII.GetBytes("HdrS").CopyTo(image, 0x202);
        BitConverter.GetBytes((ushort)0x100).CopyTo(image, 0x20E); // kernel_version: 0x200 + 0x100
        Encoding.ASCII.GetBytes(release + " (test@fixture) #1 SMP\0").CopyTo(image, 0x300);
        return image;
    }

    public static string Write(string path, string release = "6.1.0-test")
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, Bytes(release));
        return path;
    }
}
