namespace MptcpMatrix.Orchestrator.Kernels;

/// <summary>
/// apt with its own sources, lists and cache under <c>&lt;cache&gt;/apt/&lt;suite&gt;-&lt;hash of the pockets&gt;</c>: never touches
/// the system's apt state. Its sources are the suite's pockets (<see cref="DebianPocket"/>), so its candidate is what a machine
/// of that suite installs: the highest version across them. apt verifies every pocket's InRelease against the Debian archive
/// keyring, and every .deb against the signed Packages index it came from.
/// </summary>
internal sealed class PrivateApt
{
    private readonly KernelCache _cache;
    private readonly string _dir;
    private readonly string _source;
    private readonly string _suite;

    public PrivateApt(KernelCache cache, string mirror, string suite, string source)
        : this(cache, [new DebianPocket(mirror, suite)], source)
    {
    }

    /// <param name="keyring">The keyring every pocket's InRelease must verify against; null = the Debian archive keyring.</param>
    public PrivateApt(KernelCache cache, IReadOnlyList<DebianPocket> pockets, string source, string? keyring = null)
    {
        if (pockets.Count == 0) throw new ArgumentException("no pockets", nameof(pockets));
        foreach (var pocket in pockets)
        {
            if (pocket.Suite.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '.')))
                throw new KernelException(source, $"invalid suite '{pocket.Suite}'");
            if (pocket.Uri.Any(char.IsWhiteSpace) || pocket.Uri.Length == 0)
                throw new KernelException(source, $"invalid archive URI '{pocket.Uri}'");
        }

        _cache = cache;
        _suite = string.Join(", ", pockets.Select(p => p.Suite));
        _source = source;
        Pockets = pockets;
        if (keyring is not null && !File.Exists(keyring)) throw new KernelException(source, $"the archive keyring {keyring} does not exist", permanent: true);
        keyring ??= File.Exists(DebianMirror.DefaultKeyring)
            ? DebianMirror.DefaultKeyring
            : throw new KernelException(source, $"{DebianMirror.DefaultKeyring} is missing; install it with: apt-get install debian-archive-keyring");
        if (keyring.Any(c => char.IsWhiteSpace(c) || c is ']')) throw new KernelException(source, $"invalid keyring path '{keyring}'");
        Keyring = keyring;
        // One pocket of the Debian archive keeps the directory name earlier versions used (the hash of the mirror alone).
        var identity = (pockets.Count == 1 ? pockets[0].Uri : string.Join("\n", pockets.Select(p => p.Uri + " " + p.Suite))) +
            (keyring == DebianMirror.DefaultKeyring ? "" : "\nkeyring " + keyring);
        _dir = cache.AptDir(pockets[0].Suite + "-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(identity)))[..8]);
        Directory.CreateDirectory(Path.Combine(_dir, "lists", "partial"));
        Directory.CreateDirectory(Path.Combine(_dir, "cache", "archives", "partial"));
        File.WriteAllText(SourcesFile, string.Concat(pockets.Select(p => $"deb [signed-by={keyring}] {p.Uri.TrimEnd('/')} {p.Suite} main\n")));
    }

    /// <summary>The keyring apt verifies each pocket's InRelease against.</summary>
    public string Keyring { get; }

    /// <summary>The sources this apt reads, in the order of its sources.list.</summary>
    public IReadOnlyList<DebianPocket> Pockets { get; }

    private string SourcesFile => Path.Combine(_dir, "sources.list");
    private string Stamp => Path.Combine(_dir, "updated");

    private IReadOnlyList<string> Options()
    {
        var options = new List<string>
        {
            "-o", "Dir::Etc::SourceList=" + SourcesFile,
            "-o", "Dir::Etc::SourceParts=/nonexistent",
            "-o", "Dir::State::Lists=" + Path.Combine(_dir, "lists"),
            "-o", "Dir::Cache=" + Path.Combine(_dir, "cache"),
            "-o", "Dir::State::status=/dev/null",
            "-o", "Acquire::Languages=none",
            "-o", "APT::Architecture=amd64",
            "-o", "APT::Architectures::=amd64",
            "-o", "Debug::NoLocking=1",
            "-q",
        };
        // The cache usually lives under a home directory that apt's unprivileged '_apt' sandbox user cannot enter.
        if (Environment.UserName == "root") options.AddRange(["-o", "APT::Sandbox::User=root"]);
        return options;
    }

    /// <summary><c>apt-get update</c> of the private lists, unless they are younger than <paramref name="maxAge"/>. Serialized by a file lock.</summary>
    public async Task UpdateAsync(TimeSpan maxAge, CancellationToken cancellationToken)
    {
        using var held = await _cache.LockAsync("apt-" + Path.GetFileName(_dir), cancellationToken);
        if (File.Exists(Stamp) && DateTime.UtcNow - File.GetLastWriteTimeUtc(Stamp) < maxAge) return;
        var result = await Tools.RunAsync(_source, "apt-get", [.. Options(), "update"], cancellationToken, check: false, installHint: "apt-get install apt");
        // apt-get update exits 0 on some signature problems (it only warns): treat any W:/E: about the suite as fatal.
        var problems = result.StandardError.Split('\n').Where(l => l.StartsWith("E:", StringComparison.Ordinal) ||
            (l.StartsWith("W:", StringComparison.Ordinal) && (l.Contains("GPG", StringComparison.Ordinal) || l.Contains("sign", StringComparison.OrdinalIgnoreCase) || l.Contains("Failed to fetch", StringComparison.Ordinal)))).ToList();
        if (problems.Count > 0)
        {
            var failed = Pockets.Where(p => problems.Any(l => Names(l, p))).Select(p => $"{p.Suite} ({p.Uri})").ToList();
            throw new KernelException(_source, (failed.Count > 0 ? $"apt could not verify pocket {string.Join(", ", failed)} against {Keyring}: " : $"apt could not read and verify suite {_suite}: ") +
                string.Join(" ", problems));
        }

        if (result.ExitCode != 0)
            throw new KernelException(_source, $"apt-get update of suite {_suite} exited with {result.ExitCode}: {result.StandardError.Trim()}");
        await File.WriteAllTextAsync(Stamp, DateTimeOffset.UtcNow.ToString("O"), cancellationToken);
    }

    /// <summary>Whether an apt message is about <paramref name="pocket"/> (apt names a source as <c>URI suite InRelease</c>).</summary>
    private static bool Names(string line, DebianPocket pocket) =>
        line.Contains($"{pocket.Uri.TrimEnd('/')} {pocket.Suite} ", StringComparison.Ordinal) ||
        line.Contains($"{pocket.Uri.TrimEnd('/')}/dists/{pocket.Suite}/", StringComparison.Ordinal);

    public async Task<DebianPackageInfo?> ShowAsync(string package, string? version, CancellationToken cancellationToken)
    {
        var spec = version is null ? package : $"{package}={version}";
        var result = await Tools.RunAsync(_source, "apt-cache", [.. Options(), "show", "--no-all-versions", spec], cancellationToken, check: false);
        return result.ExitCode == 0 ? DebianPackageInfo.Parse(result.StandardOutput) : null;
    }

    /// <summary>
    /// The pocket that serves <paramref name="package"/> at <paramref name="version"/>, from <c>apt-cache madison</c>
    /// (<c>pkg | version | URI suite/main amd64 Packages</c>); null when apt does not say.
    /// </summary>
    public async Task<string?> PocketOfAsync(string package, string version, CancellationToken cancellationToken)
    {
        var result = await Tools.RunAsync(_source, "apt-cache", [.. Options(), "madison", package], cancellationToken, check: false);
        return result.ExitCode == 0 ? ParseMadisonPocket(result.StandardOutput, version) : null;
    }

    /// <summary>The suite of the first <c>apt-cache madison</c> line of <paramref name="version"/>.</summary>
    public static string? ParseMadisonPocket(string madison, string version)
    {
        foreach (var line in madison.Replace("\r", "").Split('\n'))
        {
            var columns = line.Split('|', StringSplitOptions.TrimEntries);
            if (columns.Length < 3 || columns[1] != version) continue;
            var where = columns[2].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (where.Length >= 2) return where[1].Split('/')[0];
        }

        return null;
    }

    /// <summary><c>apt-get download</c> (apt checks the signed SHA-256); returns the .deb's path.</summary>
    public async Task<string> DownloadAsync(DebianPackageInfo info, string directory, CancellationToken cancellationToken)
    {
        await Tools.RunAsync(_source, "apt-get", [.. Options(), "download", $"{info.Package}={info.Version}"], cancellationToken, workingDirectory: directory);
        return Directory.GetFiles(directory, "*.deb").SingleOrDefault()
            ?? throw new KernelException(_source, $"apt-get download {info.Package}={info.Version} produced no .deb");
    }
}
