using CliWrap;
using CliWrap.Buffered;
using MptcpMatrix.Orchestrator.Backends.Vm;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Kernels;
using MptcpMatrix.TestSupport;
using MptcpMatrix.TestSupport.Runs;
using MptcpMatrix.Vm.Tests.Support;

namespace MptcpMatrix.Vm.Tests;

/// <summary>
/// <c>source: mainline</c> against a loopback server laid out like Ubuntu's mainline archive
/// (<c>v&lt;version&gt;/amd64/linux-image-unsigned-*.deb</c>, <c>linux-modules-*.deb</c>, <c>CHECKSUMS</c>), whose packages
/// are built in the test from a real Debian kernel package: the series resolves to its newest release, the checksums
/// are verified before anything is unpacked, a missing version and a truncated download are named, and it boots.
/// </summary>
public sealed class MainlineKernelTests : IDisposable
{
    private const string Image = "linux-image-unsigned-6.1.192-0601192-generic_6.1.192-0601192.202612020000_amd64.deb";
    private const string Modules = "linux-modules-6.1.192-0601192-generic_6.1.192-0601192.202612020000_amd64.deb";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _archive;

    private readonly DirectoryInfo _cache = Directory.CreateTempSubdirectory("mptcpmatrix-mainline-");

    public void Dispose() => _cache.Delete(recursive: true);

    private static KernelSource Mainline(string version) => new("mainline", Version: version);

    private KernelFetchOptions Options(LoopbackDirectoryServer server) => new(MainlineUrl: server.Url + "/");

    /// <summary>
    /// The fixture archive: v6.1.190 and v6.1.192 (both the bookworm kernel, split into an image and a modules package as
    /// Ubuntu's are), v6.10 (another series whose name starts alike) and a release candidate, with Ubuntu's CHECKSUMS format.
    /// </summary>
    private static async Task<string> ArchiveAsync()
    {
        TestKernels.RequireDebianArchive();
        var ct = TestContext.Current.CancellationToken;
        await Gate.WaitAsync(ct);
        try
        {
            if (_archive is not null) return _archive;
            var deb = await TestKernels.DebAsync(TestKernels.Bookworm);
            var root = Directory.CreateTempSubdirectory("mainline-archive-").FullName;
            AppDomain.CurrentDomain.ProcessExit += (_, _) => KernelCache.TryDelete(root);
            var x = Path.Combine(root, "x");
            await Run("dpkg-deb", "-x", deb, x);
            var release = Path.GetFileName(Directory.GetFiles(Path.Combine(x, "boot"), "vmlinuz-*").Single())["vmlinuz-".Length..];

            var image = Path.Combine(root, "image");
            Directory.CreateDirectory(Path.Combine(image, "boot"));
            File.Move(Path.Combine(x, "boot", "vmlinuz-" + release), Path.Combine(image, "boot", "vmlinuz-" + release));
            var modules = Path.Combine(root, "modules");
            Directory.CreateDirectory(Path.Combine(modules, "boot"));
            File.Move(Path.Combine(x, "boot", "config-" + release), Path.Combine(modules, "boot", "config-" + release));
            // Ubuntu's modules package holds all of them; a few directories are enough here.
            var net = Path.Combine(x, "lib", "modules", release, "kernel", "net", "netfilter");
            Directory.CreateDirectory(Path.Combine(modules, "lib", "modules", release, "kernel", "net"));
            Directory.Move(net, Path.Combine(modules, "lib", "modules", release, "kernel", "net", "netfilter"));

            var amd64 = Path.Combine(root, "v6.1.192", "amd64");
            Directory.CreateDirectory(amd64);
            await PackAsync(image, "linux-image-unsigned-6.1.192-0601192-generic", Path.Combine(amd64, Image));
            await PackAsync(modules, "linux-modules-6.1.192-0601192-generic", Path.Combine(amd64, Modules));
            await File.WriteAllTextAsync(Path.Combine(amd64, "CHECKSUMS"), await ChecksumsAsync(amd64), ct);
            var older = Path.Combine(root, "v6.1.190", "amd64");
            Directory.CreateDirectory(older);
            foreach (var file in Directory.GetFiles(amd64)) File.Copy(file, Path.Combine(older, Path.GetFileName(file)));
            Directory.CreateDirectory(Path.Combine(root, "v6.10", "amd64"));
            Directory.CreateDirectory(Path.Combine(root, "v6.1.193-rc1", "amd64"));
            Directory.Delete(x, recursive: true);
            Directory.Delete(image, recursive: true);
            Directory.Delete(modules, recursive: true);
            return _archive = root;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task PackAsync(string dir, string package, string deb)
    {
        Directory.CreateDirectory(Path.Combine(dir, "DEBIAN"));
        await File.WriteAllTextAsync(Path.Combine(dir, "DEBIAN", "control"),
            $"Package: {package}\nVersion: 6.1.192-0601192.202612020000\nArchitecture: amd64\nMaintainer: fixture <fixture@invalid>\nDescription: fixture mainline kernel\n");
        await Run("dpkg-deb", "-Znone", "--root-owner-group", "--build", dir, deb);
    }

    private static async Task<string> ChecksumsAsync(string dir)
    {
        var sha256 = new List<string>();
        foreach (var file in Directory.GetFiles(dir).Order(StringComparer.Ordinal))
            sha256.Add($"{await Hashing.Sha256FileAsync(file, TestContext.Current.CancellationToken)}  {Path.GetFileName(file)}");
        return "# Checksums, check with the command below:\n#     shasum -c CHECKSUMS\n#\n# Checksums-Sha1:\n" +
               string.Concat(Directory.GetFiles(dir).Order(StringComparer.Ordinal).Select(f => $"{new string('1', 40)}  {Path.GetFileName(f)}\n")) +
               "#\n# Checksums-Sha256:\n" + string.Join('\n', sha256) + "\n";
    }

    private static async Task Run(string program, params string[] args)
    {
        var result = await Cli.Wrap(program).WithArguments(args).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(TestContext.Current.CancellationToken);
        Assert.True(result.ExitCode == 0, $"{program} {string.Join(' ', args)}: {result.StandardError}");
    }

    [Fact]
    public void Ubuntus_checksums_file_gives_the_sha256_of_each_file()
    {
        var sums = MainlineKernelProvider.ParseSha256("# Checksums-Sha1:\n" + new string('1', 40) + "  a.deb\n# Checksums-Sha256:\n" + new string('A', 64) + "  a.deb\n" + new string('b', 64) + " *b.deb\n");

        Assert.Equal(new string('a', 64), sums["a.deb"]);
        Assert.Equal(new string('b', 64), sums["b.deb"]);
        Assert.Equal(2, sums.Count);
    }

    [Fact]
    public async Task A_series_resolves_to_its_newest_release_with_image_config_and_modules_verified_by_checksums()
    {
        var ct = TestContext.Current.CancellationToken;
        using var server = new LoopbackDirectoryServer(await ArchiveAsync());

        var image = await new MainlineKernelProvider(new KernelCache(_cache.FullName)).ResolveAsync(Mainline("6.1"), Options(server), ct);

        Assert.Equal(1, server.RequestsOf($"/v6.1.192/amd64/{Image}"));
        Assert.Equal(0, server.RequestsOf($"/v6.1.190/amd64/{Image}"));
        Assert.Equal("linux-image-unsigned-6.1.192-0601192-generic=6.1.192-0601192.202612020000", image.Package);
        Assert.StartsWith("6.1.0-", image.Release);
        Assert.True(image.Mptcp.Known && image.Mptcp.Testable, image.Mptcp.Reason);
        Assert.NotNull(image.ModulesDir);
        Assert.True(File.Exists(Path.Combine(image.ModulesDir!, "modules.dep")));
        Assert.Equal("mainline:6.1", image.Source);
    }

    [Fact]
    public async Task An_exact_release_is_taken_from_its_own_directory()
    {
        using var server = new LoopbackDirectoryServer(await ArchiveAsync());

        await new MainlineKernelProvider(new KernelCache(_cache.FullName)).ResolveAsync(Mainline("6.1.190"), Options(server), TestContext.Current.CancellationToken);

        Assert.Equal(1, server.RequestsOf($"/v6.1.190/amd64/{Image}"));
        Assert.Equal(0, server.RequestsOf("/"));
    }

    [Fact]
    public async Task A_package_that_does_not_match_its_checksum_is_refused_before_anything_is_unpacked()
    {
        var ct = TestContext.Current.CancellationToken;
        var root = await ArchiveAsync();
        using var server = new LoopbackDirectoryServer(root, (path, body) => path.EndsWith("/CHECKSUMS", StringComparison.Ordinal) ? WrongModulesSum(body) : body);
        var cache = new KernelCache(_cache.FullName);

        var e = await Assert.ThrowsAsync<KernelIntegrityException>(() => new MainlineKernelProvider(cache).ResolveAsync(Mainline("6.1.192"), Options(server), ct));

        Assert.EndsWith(Modules, e.What);
        Assert.Equal(new string('0', 64), e.Expected);
        Assert.Empty(await cache.ListAsync(ct));
        Assert.Empty(Directory.GetDirectories(cache.TempDir));
    }

    [Fact]
    public async Task A_truncated_download_is_refused_by_its_checksum_naming_the_file()
    {
        var ct = TestContext.Current.CancellationToken;
        using var server = new LoopbackDirectoryServer(await ArchiveAsync(), (path, body) => path.EndsWith(Image, StringComparison.Ordinal) ? body[..(body.Length / 3)] : body);
        var cache = new KernelCache(_cache.FullName);

        var e = await Assert.ThrowsAsync<KernelIntegrityException>(() => new MainlineKernelProvider(cache).ResolveAsync(Mainline("6.1.192"), Options(server), ct));

        Assert.EndsWith(Image, e.What);
        Assert.Empty(await cache.ListAsync(ct));
    }

    /// <summary>CHECKSUMS with the modules package's SHA-256 line replaced by zeros.</summary>
    private static byte[] WrongModulesSum(byte[] checksums) =>
        System.Text.Encoding.UTF8.GetBytes(string.Join('\n', System.Text.Encoding.UTF8.GetString(checksums).Split('\n')
            .Select(l => l.EndsWith("  " + Modules, StringComparison.Ordinal) && l.IndexOf(' ', StringComparison.Ordinal) == 64 ? new string('0', 64) + l[64..] : l)));

    [Theory]
    [InlineData("6.1.999", "mainline 6.1.999 is not in")]
    [InlineData("6.2", "lists no release of 6.2")]
    public async Task A_version_the_archive_does_not_have_is_named_and_not_retried(string version, string message)
    {
        using var server = new LoopbackDirectoryServer(await ArchiveAsync());

        var e = await Assert.ThrowsAsync<KernelException>(() =>
            new MainlineKernelProvider(new KernelCache(_cache.FullName)).ResolveAsync(Mainline(version), Options(server), TestContext.Current.CancellationToken));

        Assert.Contains(message, e.Message);
        Assert.True(e.Permanent);
    }

    [Fact]
    public async Task With_a_keyring_configured_the_checksums_must_carry_its_signature_and_another_keys_or_an_altered_file_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        var root = await ArchiveAsync();
        using var archiveKey = await FixtureSigningKey.CreateAsync("mainline fixture <archive@example.invalid>", ct);
        using var otherKey = await FixtureSigningKey.CreateAsync("someone else <other@example.invalid>", ct);
        var checksums = Path.Combine(root, "v6.1.192", "amd64", "CHECKSUMS");
        await archiveKey.DetachSignAsync(checksums, ct);
        try
        {
            using var server = new LoopbackDirectoryServer(root);
            var signed = await new MainlineKernelProvider(new KernelCache(_cache.FullName))
                .ResolveAsync(Mainline("6.1.192"), Options(server) with { MainlineKeyring = archiveKey.Keyring }, ct);
            Assert.StartsWith("6.1.", signed.Release);

            var foreign = await Assert.ThrowsAsync<KernelException>(() => new MainlineKernelProvider(new KernelCache(_cache.FullName + "-other"))
                .ResolveAsync(Mainline("6.1.192"), Options(server) with { MainlineKeyring = otherKey.Keyring }, ct));
            Assert.Contains("CHECKSUMS is not signed by a key of " + otherKey.Keyring, foreign.Message, StringComparison.Ordinal);

            using var altering = new LoopbackDirectoryServer(root, (path, body) => path.EndsWith("/CHECKSUMS", StringComparison.Ordinal) ? WrongModulesSum(body) : body);
            var altered = await Assert.ThrowsAsync<KernelException>(() => new MainlineKernelProvider(new KernelCache(_cache.FullName + "-altered"))
                .ResolveAsync(Mainline("6.1.192"), Options(altering) with { MainlineKeyring = archiveKey.Keyring }, ct));
            Assert.Contains("is not signed by a key of", altered.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(checksums + ".gpg");
            KernelCache.TryDelete(_cache.FullName + "-other");
            KernelCache.TryDelete(_cache.FullName + "-altered");
        }
    }

    [Fact]
    public async Task A_mainline_kernel_from_the_fixture_archive_boots_under_qemu_and_passes()
    {
        TestKernels.RequireQemu();
        Requires.Capability(File.Exists(Path.Combine(RepoPaths.AgentBundle, "opt/mptcp-agent/mptcp-agent")), "the built agent bundle", "scripts/build-agent.sh");
        using var server = new LoopbackDirectoryServer(await ArchiveAsync());
        using var run = new TestRun(_cache.FullName);
        var kernel = Mainline("6.1");

        var result = Assert.Single(await new VmBackend(new VmBackendOptions(MainlineUrl: server.Url)).RunAsync([TestRun.Cell(kernel, "ipv4", kernelName: "mainline")],
            run.Context, TestContext.Current.CancellationToken));

        Assert.True(result.Status == CellStatus.Pass, $"{result.Status}: {result.Reason}");
        Assert.StartsWith("linux-image-unsigned-6.1.192-", result.Provenance.KernelPackage);
    }
}
