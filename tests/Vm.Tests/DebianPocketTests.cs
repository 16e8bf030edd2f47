using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Kernels;
using MptcpMatrix.Vm.Tests.Support;

namespace MptcpMatrix.Vm.Tests;

/// <summary>A suite resolves like apt on a machine of that suite: across the suite, its -security and its -updates pockets.</summary>
public sealed class DebianPocketTests : IDisposable
{
    private readonly DirectoryInfo _apt = Directory.CreateTempSubdirectory("apt-");

    public void Dispose() => _apt.Delete(recursive: true);

    [Fact]
    public void A_stable_suite_reads_its_security_and_updates_pockets_while_sid_and_backports_read_only_themselves()
    {
        Assert.Equal(
            [new DebianPocket("http://m.invalid/debian", "bookworm"), new DebianPocket("http://m.invalid/debian-security", "bookworm-security"),
             new DebianPocket("http://m.invalid/debian", "bookworm-updates")],
            DebianPocket.For("bookworm", "http://m.invalid/debian", "http://m.invalid/debian-security"));
        Assert.Equal(3, DebianPocket.For("trixie", "http://m/debian", "http://m/debian-security").Count);
        Assert.Equal([new DebianPocket("http://m/debian", "sid")], DebianPocket.For("sid", "http://m/debian", "http://m/debian-security"));
        Assert.Equal([new DebianPocket("http://m/debian", "bookworm-backports")], DebianPocket.For("bookworm-backports", "http://m/debian", "http://m/debian-security"));
    }

    [Fact]
    public void The_security_archive_is_the_one_the_machines_apt_sources_list_for_a_security_suite()
    {
        Directory.CreateDirectory(Path.Combine(_apt.FullName, "sources.list.d"));
        File.WriteAllText(Path.Combine(_apt.FullName, "sources.list.d", "debian.sources"), """
            Types: deb
            URIs: http://mirror.invalid/debian
            Suites: bookworm bookworm-updates
            Components: main

            Types: deb
            URIs: http://secure.invalid/debian-security/
            Suites: bookworm-security
            Components: main
            """);

        Assert.Equal("http://secure.invalid/debian-security", DebianMirror.DetectSecurity("http://mirror.invalid/debian", _apt.FullName));
    }

    [Fact]
    public void Without_a_security_source_the_security_archive_is_the_mirror_with_security_appended()
    {
        File.WriteAllText(Path.Combine(_apt.FullName, "sources.list"), "deb http://mirror.invalid/debian bookworm main\n");

        Assert.Equal("http://mirror.invalid/debian-security", DebianMirror.DetectSecurity("http://mirror.invalid/debian/", _apt.FullName));
    }

    [Fact]
    public void The_pocket_of_a_version_is_read_from_apt_cache_madison()
    {
        const string madison = """
            linux-image-cloud-amd64 |  6.1.192-3 | http://m.invalid/debian-security bookworm-security/main amd64 Packages
            linux-image-cloud-amd64 |  6.1.176-1 | http://m.invalid/debian bookworm/main amd64 Packages
            """;

        Assert.Equal("bookworm-security", PrivateApt.ParseMadisonPocket(madison, "6.1.192-3"));
        Assert.Equal("bookworm", PrivateApt.ParseMadisonPocket(madison, "6.1.176-1"));
        Assert.Null(PrivateApt.ParseMadisonPocket(madison, "6.1.1-1"));
    }

    /// <summary>The real archive: bookworm alone has an older kernel than what a bookworm machine installs from bookworm-security.</summary>
    [Fact]
    public async Task Bookworm_resolves_to_the_newest_cloud_kernel_across_its_pockets_as_apt_on_a_bookworm_machine_would()
    {
        TestKernels.RequireDebianArchive();
        var ct = TestContext.Current.CancellationToken;
        var cache = new KernelCache(TestKernels.CacheRoot);
        var suiteOnly = await SuiteOnlyVersionAsync(cache, "linux-image-cloud-amd64", ct);

        var image = await TestKernels.GetAsync(TestKernels.Bookworm);

        var version = image.Package!.Split('=')[1];
        Assert.True(await NewerAsync(version, suiteOnly), $"{image.Package} from {image.Pocket} is not newer than bookworm's own {suiteOnly}");
        Assert.StartsWith("bookworm", image.Pocket);
        Assert.NotEqual("bookworm", image.Pocket);
        Assert.True(image.Mptcp.Testable, image.Mptcp.Reason);
        Assert.Contains(await cache.ListAsync(ct), e => e.Manifest.Key == image.PackageSha256 && e.Manifest.Pocket == image.Pocket);
    }

    [Fact]
    public async Task A_version_pin_finds_the_kernel_in_the_suite_itself_when_a_pocket_has_a_newer_one()
    {
        TestKernels.RequireDebianArchive();
        var ct = TestContext.Current.CancellationToken;
        var cache = new KernelCache(TestKernels.CacheRoot);
        var suiteOnly = await SuiteOnlyVersionAsync(cache, "linux-image-cloud-amd64", ct);

        var pinned = await TestKernels.GetAsync(TestKernels.Bookworm with { Version = suiteOnly });

        Assert.Equal("bookworm", pinned.Pocket);
        Assert.Equal(suiteOnly, pinned.Package!.Split('=')[1]);
        var missing = await Assert.ThrowsAsync<KernelException>(() => TestKernels.GetAsync(TestKernels.Bookworm with { Version = "6.1.0-0" }));
        Assert.Contains("linux-image-cloud-amd64=6.1.0-0 not found in bookworm, bookworm-security, bookworm-updates", missing.Message);
    }

    [Fact]
    public async Task The_rt_flavour_resolves_to_the_preempt_rt_kernel_of_the_suite()
    {
        TestKernels.RequireDebianArchive();
        var ct = TestContext.Current.CancellationToken;
        var apt = new PrivateApt(new KernelCache(TestKernels.CacheRoot),
            DebianPocket.For("bookworm", DebianMirror.Detect(), DebianMirror.DetectSecurity(DebianMirror.Detect())), "debian:bookworm/rt");
        await apt.UpdateAsync(TimeSpan.FromHours(24), ct);

        var meta = await apt.ShowAsync(DebianKernelProvider.MetaPackages["rt"], null, ct);

        Assert.NotNull(meta);
        Assert.Contains(meta!.Depends, d => d.StartsWith("linux-image-", StringComparison.Ordinal) && d.EndsWith("-rt-amd64", StringComparison.Ordinal));
    }

    /// <summary>The cloud meta package's version in the bookworm pocket alone (what resolution gave before pockets).</summary>
    private static async Task<string> SuiteOnlyVersionAsync(KernelCache cache, string package, CancellationToken ct)
    {
        var apt = new PrivateApt(cache, DebianMirror.Detect(), "bookworm", "debian:bookworm");
        await apt.UpdateAsync(TimeSpan.FromHours(24), ct);
        return (await apt.ShowAsync(package, null, ct))!.Version;
    }

    private static async Task<bool> NewerAsync(string a, string b)
    {
        var result = await Tools.RunAsync("test", "dpkg", ["--compare-versions", a, "gt", b], TestContext.Current.CancellationToken, check: false);
        return result.ExitCode == 0;
    }
}
