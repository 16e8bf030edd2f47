using System.Globalization;
using System.Text;
using MptcpMatrix.Orchestrator.Kernels;

namespace MptcpMatrix.Vm.Tests.Support;

/// <summary>
/// A signed Debian archive laid out as the real one, for a suite with pockets: <c>debian/dists/bookworm</c> (an old cloud
/// kernel), <c>debian/dists/bookworm-updates</c> (empty) and <c>debian-security/dists/bookworm-security</c> (a newer one: the
/// real Debian kernel package given), each with a Packages index and a Release file clear-signed (<c>InRelease</c>) by
/// <see cref="FixtureSigningKey"/>. Serve <see cref="Root"/> over HTTP; the mirrors are <c>&lt;url&gt;/debian</c> and
/// <c>&lt;url&gt;/debian-security</c>.
/// </summary>
public sealed class PocketArchiveFixture : IDisposable
{
    public const string Meta = "linux-image-cloud-amd64";
    public const string OldVersion = "6.1.100-1";
    public const string OldPackage = "linux-image-6.1.0-1-cloud-amd64";

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("pocket-archive-");

    public string Root => _root.FullName;

    /// <summary>The InRelease of a pocket (<c>debian-security</c>, <c>bookworm-security</c>).</summary>
    public string InRelease(string archive, string suite) => Path.Combine(Root, archive, "dists", suite, "InRelease");

    /// <summary>
    /// Builds the archive around <paramref name="deb"/> (<paramref name="package"/>=<paramref name="version"/>, in the
    /// security pocket) and signs every pocket with <paramref name="key"/>.
    /// </summary>
    public async Task BuildAsync(string deb, string package, string version, FixtureSigningKey key, CancellationToken ct)
    {
        var pool = Path.Combine(Root, "debian-security", "pool", "main", "l", "linux");
        Directory.CreateDirectory(pool);
        var served = Path.Combine(pool, Path.GetFileName(deb));
        File.Copy(deb, served);
        var old = Path.Combine(Root, "debian", "pool", "main", "l", "linux", $"{OldPackage}_{OldVersion}_amd64.deb");
        Directory.CreateDirectory(Path.GetDirectoryName(old)!);
        await File.WriteAllTextAsync(old, "not fetched by these tests", ct);

        await PocketAsync("debian", "bookworm", key, ct,
            Stanza(Meta, OldVersion, OldPackage, old, "debian"), Stanza(OldPackage, OldVersion, null, old, "debian"));
        await PocketAsync("debian", "bookworm-updates", key, ct);
        await PocketAsync("debian-security", "bookworm-security", key, ct,
            Stanza(Meta, version, package, old, "debian"), Stanza(package, version, null, served, "debian-security"));
    }

    private string Stanza(string package, string version, string? depends, string file, string archive)
    {
        var info = new FileInfo(file);
        return $"""
            Package: {package}
            Source: linux-signed-amd64
            Version: {version}
            Architecture: amd64
            Maintainer: Fixture <fixture@invalid>
            Installed-Size: 1
            {(depends is null ? "" : $"Depends: {depends}\n")}Section: kernel
            Priority: optional
            Filename: {Path.GetRelativePath(Path.Combine(Root, archive), file)}
            Size: {info.Length.ToString(CultureInfo.InvariantCulture)}
            SHA256: {Hashing.Sha256File(file)}
            Description: {package} (pocket fixture)

            """ + "\n";
    }

    private async Task PocketAsync(string archive, string suite, FixtureSigningKey key, CancellationToken ct, params string[] stanzas)
    {
        var dists = Path.Combine(Root, archive, "dists", suite);
        var binary = Path.Combine(dists, "main", "binary-amd64");
        Directory.CreateDirectory(binary);
        var packages = Path.Combine(binary, "Packages");
        await File.WriteAllTextAsync(packages, string.Concat(stanzas), ct);
        var release = new StringBuilder()
            .Append($"Origin: Fixture\nLabel: Fixture\nSuite: {suite}\nCodename: {suite}\n")
            .Append($"Date: {DateTime.UtcNow.AddMinutes(-5).ToString("ddd, dd MMM yyyy HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)}\n")
            .Append("Architectures: amd64\nComponents: main\nSHA256:\n")
            .Append($" {Hashing.Sha256File(packages)} {new FileInfo(packages).Length.ToString(CultureInfo.InvariantCulture)} main/binary-amd64/Packages\n");
        var releaseFile = Path.Combine(dists, "Release");
        await File.WriteAllTextAsync(releaseFile, release.ToString(), ct);
        await key.ClearSignAsync(releaseFile, ct);
    }

    public void Dispose() => _root.Delete(recursive: true);
}
