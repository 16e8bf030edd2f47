namespace MptcpMatrix.Orchestrator.Kernels;

/// <summary>
/// Kernel modules with their dependencies, dependencies first (the order finit_module needs), from a modules
/// directory's <c>modules.dep</c> (as depmod wrote it: <c>kernel/net/ipv4/tcp_diag.ko.xz: kernel/net/ipv4/inet_diag.ko.xz</c>).
/// </summary>
internal static class ModuleClosure
{
    /// <summary>
    /// The files of <paramref name="names"/> and what they depend on. A name the directory does not have throws, unless
    /// <paramref name="skipMissing"/> (then it is left out); a directory without modules.dep throws.
    /// </summary>
    public static IReadOnlyList<string> Of(string modulesDir, IEnumerable<string> names, bool skipMissing = false)
    {
        var depFile = Path.Combine(modulesDir, "modules.dep");
        if (!File.Exists(depFile)) throw new FileNotFoundException($"{depFile} is missing (run depmod for this kernel)", depFile);
        var deps = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(depFile))
        {
            var colon = line.IndexOf(':');
            if (colon > 0) deps[line[..colon]] = line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        }

        var byName = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var module in deps.Keys) byName.TryAdd(Stem(module), module);
        var order = new List<string>();
        void Visit(string module)
        {
            if (order.Contains(module)) return;
            foreach (var dep in deps.GetValueOrDefault(module, [])) Visit(dep);
            order.Add(module);
        }

        foreach (var name in names)
        {
            if (byName.TryGetValue(name, out var module)) Visit(module);
            else if (!skipMissing) throw new InvalidOperationException($"{name} is not in {depFile}");
        }

        return order.Select(m => Path.Combine(modulesDir, m)).ToList();
    }

    /// <summary>"tcp_diag" of "kernel/net/ipv4/tcp_diag.ko.xz".</summary>
    private static string Stem(string path)
    {
        var file = Path.GetFileName(path);
        var ko = file.IndexOf(".ko", StringComparison.Ordinal);
        return ko < 0 ? file : file[..ko];
    }
}
