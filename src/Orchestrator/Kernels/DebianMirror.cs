namespace MptcpMatrix.Orchestrator.Kernels;

/// <summary>
/// Finds the Debian archive this machine's apt uses (deb822 <c>/etc/apt/sources.list.d/*.sources</c>, then one-line
/// <c>/etc/apt/sources.list</c>), so no registry host name lives in the repository. matrix.yml <c>debian.mirror</c> overrides it.
/// </summary>
internal static class DebianMirror
{
    public const string DefaultKeyring = "/usr/share/keyrings/debian-archive-keyring.gpg";

    /// <summary>The archive URI (e.g. <c>http://host/debian</c>) or a <see cref="KernelException"/> saying how to configure one.</summary>
    public static string Detect(string etcApt = "/etc/apt")
    {
        var (candidates, partsDir, list) = Sources(etcApt);
        var pick = candidates.FirstOrDefault(c => IsDebianArchive(c.Uri, c.Suites));
        return pick.Uri ?? throw new KernelException("debian",
            $"no Debian archive found in {partsDir}/*.sources or {list}; set debian.mirror in matrix.yml (e.g. mirror: http://<your-mirror>/debian)");
    }

    /// <summary>Every (URI, suites) entry of the machine's apt sources: deb822 files, one-line files, then sources.list.</summary>
    private static (List<(string Uri, IReadOnlyList<string> Suites)> Candidates, string PartsDir, string List) Sources(string etcApt)
    {
        var candidates = new List<(string Uri, IReadOnlyList<string> Suites)>();
        var partsDir = Path.Combine(etcApt, "sources.list.d");
        if (Directory.Exists(partsDir))
        {
            foreach (var file in Directory.GetFiles(partsDir, "*.sources").Order(StringComparer.Ordinal))
                candidates.AddRange(ParseDeb822(File.ReadAllText(file)));
            foreach (var file in Directory.GetFiles(partsDir, "*.list").Order(StringComparer.Ordinal))
                candidates.AddRange(ParseOneLine(File.ReadAllText(file)));
        }

        var list = Path.Combine(etcApt, "sources.list");
        if (File.Exists(list)) candidates.AddRange(ParseOneLine(File.ReadAllText(list)));
        return (candidates, partsDir, list);
    }

    /// <summary>
    /// The security archive (<c>http://host/debian-security</c>) for <paramref name="mirror"/>: the URI of the machine's apt
    /// source that lists a <c>*-security</c> suite when there is one, else the mirror's URI with <c>-security</c> appended
    /// (Debian serves both from the same host). matrix.yml <c>debian.security</c> overrides it.
    /// </summary>
    public static string DetectSecurity(string mirror, string etcApt = "/etc/apt")
    {
        var (candidates, _, _) = Sources(etcApt);
        var listed = candidates.FirstOrDefault(c => c.Uri.StartsWith("http", StringComparison.OrdinalIgnoreCase) &&
                                                    c.Suites.Any(s => s.EndsWith("-security", StringComparison.Ordinal))).Uri;
        return (listed ?? mirror.TrimEnd('/') + "-security").TrimEnd('/');
    }

    private static bool IsDebianArchive(string uri, IReadOnlyList<string> suites) =>
        uri.StartsWith("http", StringComparison.OrdinalIgnoreCase) &&
        !uri.TrimEnd('/').EndsWith("-security", StringComparison.Ordinal) &&
        !uri.Contains("security.", StringComparison.Ordinal) &&
        suites.Any(s => !s.EndsWith("-security", StringComparison.Ordinal)) &&
        uri.TrimEnd('/').EndsWith("/debian", StringComparison.Ordinal);

    /// <summary>deb822 stanzas: <c>Types: deb</c>, <c>URIs:</c>, <c>Suites:</c>.</summary>
    public static IEnumerable<(string Uri, IReadOnlyList<string> Suites)> ParseDeb822(string text)
    {
        foreach (var stanza in text.Replace("\r", "").Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var raw in stanza.Split('\n'))
            {
                if (raw.StartsWith('#') || !raw.Contains(':') || char.IsWhiteSpace(raw.FirstOrDefault())) continue;
                var colon = raw.IndexOf(':');
                fields[raw[..colon].Trim()] = raw[(colon + 1)..].Trim();
            }

            if (!fields.TryGetValue("Types", out var types) || !types.Split(' ').Contains("deb")) continue;
            if (fields.TryGetValue("Enabled", out var enabled) && enabled.Equals("no", StringComparison.OrdinalIgnoreCase)) continue;
            if (!fields.TryGetValue("URIs", out var uris)) continue;
            var suites = (fields.GetValueOrDefault("Suites") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            foreach (var uri in uris.Split(' ', StringSplitOptions.RemoveEmptyEntries)) yield return (uri, suites);
        }
    }

    /// <summary>One-line format: <c>deb [options] URI suite components...</c>.</summary>
    public static IEnumerable<(string Uri, IReadOnlyList<string> Suites)> ParseOneLine(string text)
    {
        foreach (var raw in text.Replace("\r", "").Split('\n'))
        {
            var line = raw.Trim();
            if (!line.StartsWith("deb ", StringComparison.Ordinal)) continue;
            var rest = line[4..].Trim();
            if (rest.StartsWith('['))
            {
                var close = rest.IndexOf(']');
                if (close < 0) continue;
                rest = rest[(close + 1)..].Trim();
            }

            var parts = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 2) yield return (parts[0], [parts[1]]);
        }
    }
}
