using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Kernels;
using MptcpMatrix.TestSupport;

namespace MptcpMatrix.Vm.Tests.Support;

/// <summary>
/// Real Debian kernels for the integration tests, fetched through the normal provider into the normal cache
/// (CI warms it first with <c>matrix kernels pull</c>), so repeated runs download nothing.
/// </summary>
public static class TestKernels
{
    public static KernelSource Bookworm { get; } = new("debian", Suite: "bookworm");
    public static KernelSource Trixie { get; } = new("debian", Suite: "trixie");
    public static KernelSource Bullseye { get; } = new("debian", Suite: "bullseye");
    public static KernelSource Sid { get; } = new("debian", Suite: "sid");
    public static KernelSource BookwormGeneric { get; } = new("debian", Suite: "bookworm", Flavour: "generic");

    public static string CacheRoot => Environment.GetEnvironmentVariable("MPTCPMATRIX_CACHE") ?? KernelCache.DefaultRoot();

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

    public static void RequireDebianArchive()
    {
        Requires.Executable("apt-get", "apt (a Debian system)");
        Requires.Executable("dpkg-deb", "apt-get install dpkg");
        Requires.Capability(File.Exists(DebianMirror.DefaultKeyring), "the Debian archive keyring", "apt-get install debian-archive-keyring");
    }

    public static void RequireQemu() => Requires.Executable("qemu-system-x86_64", "apt-get install qemu-system-x86");
}
