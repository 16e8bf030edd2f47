using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Kernels;
using MptcpMatrix.TestSupport;
using MptcpMatrix.TestSupport.Runs;

namespace MptcpMatrix.Vm.Tests.Support;

/// <summary>
/// Real Debian kernels for the integration tests, fetched through the normal provider into the normal cache
/// (CI warms it first with <c>matrix kernels pull</c>), so repeated runs download nothing.
/// </summary>
internal static class TestKernels
{
    public static KernelSource Bookworm { get; } = new("debian", Suite: "bookworm");
    public static KernelSource Trixie { get; } = new("debian", Suite: "trixie");
    public static KernelSource Bullseye { get; } = new("debian", Suite: "bullseye");
    public static KernelSource Sid { get; } = new("debian", Suite: "sid");
    public static KernelSource BookwormGeneric { get; } = new("debian", Suite: "bookworm", Flavour: "generic");

    public static string CacheRoot => TestRun.CacheDir;

    private static readonly SemaphoreSlim Gate = new(1, 1);

    public static async Task<KernelImage> GetAsync(KernelSource source)
    {
        RequireDebianArchive();
        await Gate.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            return await new KernelResolver(new KernelCache(CacheRoot)).ResolveAsync(source, TestContext.Current.CancellationToken);
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>
    /// The .deb of <paramref name="source"/>'s image package, downloaded once through the verified private apt of its pockets
    /// into <c>&lt;cache&gt;/test-debs</c> (so kernel .debs can be served from loopback as any distribution's would be).
    /// </summary>
    public static async Task<string> DebAsync(KernelSource source)
    {
        var image = await GetAsync(source);
        var ct = TestContext.Current.CancellationToken;
        var (package, version) = (image.Package!.Split('=')[0], image.Package!.Split('=')[1]);
        var dir = Path.Combine(CacheRoot, "test-debs");
        var deb = Path.Combine(dir, $"{package}_{version}.deb");
        if (File.Exists(deb) && await Hashing.Sha256FileAsync(deb, ct) == image.PackageSha256) return deb;
        await Gate.WaitAsync(ct);
        try
        {
            var mirror = DebianMirror.Detect();
            var apt = new PrivateApt(new KernelCache(CacheRoot), DebianPocket.For(source.Suite!, mirror, DebianMirror.DetectSecurity(mirror)), source.ToString());
            await apt.UpdateAsync(TimeSpan.FromHours(24), ct);
            var info = await apt.ShowAsync(package, version, ct) ?? throw new InvalidOperationException($"{image.Package} is gone from the archive");
            var download = Directory.CreateTempSubdirectory("test-deb-");
            try
            {
                var fetched = await apt.DownloadAsync(info, download.FullName, ct);
                Assert.Equal(image.PackageSha256, await Hashing.Sha256FileAsync(fetched, ct));
                Directory.CreateDirectory(dir);
                File.Move(fetched, deb, overwrite: true);
            }
            finally
            {
                download.Delete(recursive: true);
            }

            return deb;
        }
        finally
        {
            Gate.Release();
        }
    }

    public static void RequireDebianArchive()
    {
        Requires.Executable("apt-get", "apt (a Debian system)");
        Requires.Executable("dpkg-deb", "apt-get install dpkg");
        Requires.Capability(File.Exists(DebianMirror.DefaultKeyring), "the Debian archive keyring", "apt-get install debian-archive-keyring");
    }

    public static void RequireQemu() => Requires.Executable("qemu-system-x86_64", "apt-get install qemu-system-x86");
}
