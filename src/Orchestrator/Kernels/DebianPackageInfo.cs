namespace MptcpMatrix.Orchestrator.Kernels;

/// <summary>One package stanza from the suite's signed <c>Packages</c> index (as <c>apt-cache show</c> prints it).</summary>
internal sealed record DebianPackageInfo(string Package, string Version, string Sha256, string Filename, IReadOnlyList<string> Depends)
{
    /// <summary>Parses the first stanza of <c>apt-cache show</c> output.</summary>
    public static DebianPackageInfo? Parse(string text)
    {
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in text.Replace("\r", "").Split('\n'))
        {
            if (line.Length == 0)
            {
                if (fields.Count > 0) break;
                continue;
            }

            if (char.IsWhiteSpace(line[0])) continue;
            var colon = line.IndexOf(':');
            if (colon > 0) fields.TryAdd(line[..colon], line[(colon + 1)..].Trim());
        }

        if (!fields.TryGetValue("Package", out var package) || !fields.TryGetValue("Version", out var version) ||
            !fields.TryGetValue("SHA256", out var sha)) return null;
        var depends = (fields.GetValueOrDefault("Depends") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => d.Split(' ', '(', '|')[0].Trim()).Where(d => d.Length > 0).ToList();
        return new DebianPackageInfo(package, version, sha.ToLowerInvariant(), fields.GetValueOrDefault("Filename") ?? "", depends);
    }
}
