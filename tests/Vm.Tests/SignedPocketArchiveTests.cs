using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Kernels;
using MptcpMatrix.TestSupport;
using MptcpMatrix.Vm.Tests.Support;

namespace MptcpMatrix.Vm.Tests;

/// <summary>
/// Resolution across pockets against a signed fixture archive served from loopback: the suite has an old cloud kernel,
/// its -security pocket the real, newer Debian kernel package; every pocket's InRelease is signed by a throw-away key
/// the test configures as the archive keyring, and a pocket whose signature is bad (or by another key) is refused by name.
/// </summary>
public sealed class SignedPocketArchiveTests : IDisposable
{
    private readonly DirectoryInfo _cache = Directory.CreateTempSubdirectory("mptcpmatrix-pockets-");
    private readonly PocketArchiveFixture _archive = new();
    private FixtureSigningKey? _key;

    public void Dispose()
    {
        _key?.Dispose();
        _archive.Dispose();
        _cache.Delete(recursive: true);
    }

    private static readonly KernelSource Bookworm = new("debian", Suite: "bookworm");

    /// <summary>The fixture archive around the real bookworm kernel package, signed by a new key (<see cref="_key"/>), and a server for it.</summary>
    private async Task<(FixtureSigningKey Key, LoopbackDirectoryServer Server, string Package, string Version)> ServeArchiveAsync(CancellationToken ct,
        Action? beforeServing = null)
    {
        TestKernels.RequireDebianArchive();
        Requires.Executable("gpg", "apt-get install gnupg");
        var deb = await TestKernels.DebAsync(TestKernels.Bookworm);
        var (package, version) = await KernelPackage.ControlAsync("test", deb, ct);
        _key = await FixtureSigningKey.CreateAsync("MptcpMatrix pocket fixture <fixture@invalid>", ct);
        await _archive.BuildAsync(deb, package, version, _key, ct);
        beforeServing?.Invoke();
        return (_key, new LoopbackDirectoryServer(_archive.Root), package, version);
    }

    private static KernelFetchOptions Served(LoopbackDirectoryServer server, string keyring) =>
        new(Mirror: server.Url + "/debian", SecurityMirror: server.Url + "/debian-security", DebianKeyring: keyring);

    [Fact]
    public async Task A_suite_resolves_to_the_newer_kernel_of_its_signed_security_pocket_and_records_the_pocket()
    {
        var ct = TestContext.Current.CancellationToken;
        var (key, server, package, version) = await ServeArchiveAsync(ct);
        using var served = server;
        var cache = new KernelCache(_cache.FullName);

        var image = await new DebianKernelProvider(cache).ResolveAsync(Bookworm, Served(server, key.Keyring), ct);

        Assert.Equal($"{package}={version}", image.Package);
        Assert.Equal("bookworm-security", image.Pocket);
        Assert.Equal("bookworm-security", Assert.Single(await cache.ListAsync(ct)).Manifest.Pocket);
        Assert.Equal(1, server.RequestsOf("/debian-security/dists/bookworm-security/InRelease"));
        Assert.Equal(1, server.RequestsOf("/debian/dists/bookworm-updates/InRelease"));
    }

    [Fact]
    public async Task A_version_pin_finds_the_old_kernel_in_the_suite_pocket_of_the_signed_archive()
    {
        var ct = TestContext.Current.CancellationToken;
        var (key, server, _, _) = await ServeArchiveAsync(ct);
        using var served = server;
        var options = Served(server, key.Keyring);
        var apt = new PrivateApt(new KernelCache(_cache.FullName), DebianPocket.For("bookworm", options.Mirror!, options.SecurityMirror!), "debian:bookworm", key.Keyring);
        await apt.UpdateAsync(TimeSpan.Zero, ct);

        var pinned = await apt.ShowAsync(PocketArchiveFixture.Meta, PocketArchiveFixture.OldVersion, ct);

        Assert.Equal(PocketArchiveFixture.OldPackage, Assert.Single(pinned!.Depends));
        Assert.Equal("bookworm", await apt.PocketOfAsync(PocketArchiveFixture.Meta, PocketArchiveFixture.OldVersion, ct));
    }

    [Fact]
    public async Task A_pocket_whose_InRelease_was_changed_after_signing_is_refused_with_an_error_naming_the_pocket()
    {
        var ct = TestContext.Current.CancellationToken;
        var inRelease = _archive.InRelease("debian-security", "bookworm-security");
        var (key, server, _, _) = await ServeArchiveAsync(ct,
            () => File.WriteAllText(inRelease, File.ReadAllText(inRelease).Replace("Label: Fixture", "Label: Tampered", StringComparison.Ordinal)));
        using var served = server;
        var cache = new KernelCache(_cache.FullName);

        var e = await Assert.ThrowsAsync<KernelException>(() => new DebianKernelProvider(cache).ResolveAsync(Bookworm, Served(server, key.Keyring), ct));

        Assert.Contains($"apt could not verify pocket bookworm-security ({server.Url}/debian-security) against {key.Keyring}", e.Message);
        Assert.Contains("BADSIG", e.Message);
        Assert.DoesNotContain("pocket bookworm (", e.Message);
        Assert.Empty(await cache.ListAsync(ct));
    }

    [Fact]
    public async Task An_archive_signed_by_a_key_outside_the_configured_keyring_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, server, _, _) = await ServeArchiveAsync(ct);
        using var served = server;
        using var stranger = await FixtureSigningKey.CreateAsync("Someone else <else@invalid>", ct);
        var cache = new KernelCache(_cache.FullName);

        var e = await Assert.ThrowsAsync<KernelException>(() => new DebianKernelProvider(cache).ResolveAsync(Bookworm, Served(server, stranger.Keyring), ct));

        Assert.Contains("apt could not verify pocket bookworm (", e.Message);
        Assert.Contains("bookworm-security (", e.Message);
        Assert.Contains("NO_PUBKEY", e.Message);
        Assert.Empty(await cache.ListAsync(ct));
    }
}
