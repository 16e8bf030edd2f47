using System.IO.Compression;
using MptcpMatrix.Orchestrator.Commands;
using MptcpMatrix.Orchestrator.Config;
using MptcpMatrix.Orchestrator.Kernels;
using MptcpMatrix.Orchestrator.Tests.Support;

namespace MptcpMatrix.Orchestrator.Tests.Config;

/// <summary>A <c>source: path</c> kernel must be a bootable x86 image when matrix.yml is loaded, not when its VM fails to boot.</summary>
public sealed class PathKernelTests : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    private string MatrixFor(string image) =>
        dir.File("matrix.yml", $"kernels:\n  - name: mine\n    source: path\n    path: {image}\nbackends: [vm]\n");

    private ConfigError SingleError(string image)
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.LoadFile(MatrixFor(image)));
        return Assert.Single(e.Errors);
    }

    public static TheoryData<string, string> NotKernels => new()
    {
        { "vmlinux", "an ELF file (an uncompressed vmlinux?)" },
        { "notes.txt", "text starting with 'my kernel'" },
        { "empty", "an empty file" },
        { "vmlinuz.gz", "gzip-compressed data" },
        { "Image", "an arm64 kernel Image (the guests are x86-64)" },
        { "cut", "an x86 boot header without a boot flag or kernel version string (a damaged or cut-off bzImage?)" },
        { "random", "1024 bytes without the x86 boot header ('HdrS' at offset 0x202)" },
    };

    private string Make(string name)
    {
        var path = Path.Combine(dir.Path, name);
        byte[] content = name switch
        {
            "vmlinux" => [0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0, .. new byte[600]],
            "notes.txt" => "my kernel\nbuilt on friday\n"u8.ToArray(),
            "empty" => [],
            "vmlinuz.gz" => Gzip(FakeBzImage.Bytes()),
            "Image" => [.. new byte[0x38], (byte)'A', (byte)'R', (byte)'M', 0x64, .. new byte[600]],
            "cut" => FakeBzImage.Bytes()[..0x210],
            _ => [.. Enumerable.Range(0, 1024).Select(i => (byte)(i * 7 % 251 + 1))],
        };
        File.WriteAllBytes(path, content);
        return path;
    }

    [Theory]
    [MemberData(nameof(NotKernels))]
    public void A_file_that_is_not_a_bootable_x86_image_is_a_load_error_naming_it_and_what_it_is(string name, string found)
    {
        var image = Make(name);

        var error = SingleError(image);

        Assert.Equal((4, 11), (error.Line, error.Column));
        Assert.Equal($"kernel 'mine': {image} is not a bootable x86 kernel image: it is {found}; " +
            "expected a bzImage, e.g. /boot/vmlinuz-<release> or a build's arch/x86/boot/bzImage", error.Message);
    }

    [Fact]
    public void A_directory_is_named_as_one()
    {
        var error = SingleError(dir.Sub("boot"));
        Assert.StartsWith("kernel 'mine': path '" + Path.Combine(dir.Path, "boot") + "' is a directory", error.Message);
    }

    [Fact]
    public void A_bzImage_loads_and_its_release_is_read_from_the_boot_header()
    {
        var image = FakeBzImage.Write(Path.Combine(dir.Path, "bzImage"), "6.18.0-mine");

        var config = ConfigLoader.LoadFile(MatrixFor(image));

        Assert.Equal(image, config.Kernels[0].Path);
        Assert.Equal("6.18.0-mine", BzImage.ReadRelease(image));
        Assert.Null(BzImage.Problem(image));
    }

    [Fact]
    public void Plan_exits_2_for_a_path_kernel_that_is_not_an_image()
    {
        var stderr = new StringWriter();

        Assert.Equal(2, PlanCommand.Run(new PlanOptions(MatrixFor(Make("vmlinux"))), TextWriter.Null, stderr));

        Assert.Contains("is not a bootable x86 kernel image: it is an ELF file", stderr.ToString());
        Assert.Contains("nothing was started", stderr.ToString());
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest)) gzip.Write(data);
        return output.ToArray();
    }
}
