using System.Text;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Config;

namespace MptcpMatrix.Orchestrator.Planning;

/// <summary>
/// Expands a <see cref="MatrixConfig"/> into cells: kernels x (the kernel's reachable backends) x families x variants
/// (x userspaces for the container backend) x repeat, then removes <c>exclude</c> matches, then adds <c>include</c> entries
/// (GitHub's order). The order and the ids depend only on the file, so the same file always yields the same plan.
/// </summary>
internal static class CellPlanner
{
    public static IReadOnlyList<CellSpec> Expand(MatrixConfig config) => Expand(config, null);

    internal static IReadOnlyList<CellSpec> Expand(MatrixConfig config, YamlReader? errors)
    {
        var cells = new List<CellSpec>();
        var ids = new Dictionary<string, CellSpec>(StringComparer.Ordinal);
        foreach (var kernel in config.Kernels)
        {
            foreach (var backend in BackendsFor(config, kernel))
            {
                foreach (var cell in CellsOf(config, kernel, backend, config.Families, config.Sysctls, config.Userspaces))
                {
                    if (config.Exclude.Any(rule => Matches(rule, cell))) continue;
                    Add(cell, null);
                }
            }
        }

        foreach (var rule in config.Include)
        {
            foreach (var kernel in config.Kernels.Where(k => rule.Kernel is null || k.Name == rule.Kernel))
            {
                IEnumerable<string> backends = rule.Backend is not null ? [rule.Backend] : BackendsFor(config, kernel);
                if (rule.Userspace is not null) backends = backends.Where(b => b == "container");
                foreach (var backend in backends.Where(b => KnownValues.CanReach(b, kernel.Source)))
                {
                    var families = rule.Family is not null ? [rule.Family] : config.Families;
                    var variants = config.Sysctls.Where(v => rule.Variant is null || v.Name == rule.Variant).ToList();
                    var userspaces = rule.Userspace is not null ? [rule.Userspace] : config.Userspaces;
                    foreach (var cell in CellsOf(config, kernel, backend, families, variants, userspaces))
                    {
                        if (!ids.ContainsKey(cell.Id)) Add(cell, rule);
                    }
                }
            }
        }

        return cells;

        void Add(CellSpec cell, MatrixRule? rule)
        {
            if (ids.TryGetValue(cell.Id, out var existing))
            {
                var message = $"two cells get the id '{cell.Id}' (kernel '{existing.Kernel}' variant '{existing.Variant}' and kernel '{cell.Kernel}' variant '{cell.Variant}'); " +
                    "ids are lowercased with characters outside [a-z0-9.-] replaced by '-', so rename one";
                if (errors is null) throw new InvalidOperationException(message);
                errors.Error(rule?.At ?? config.Kernels.First(k => k.Name == cell.Kernel).At, message);
                return;
            }

            ids[cell.Id] = cell;
            cells.Add(cell);
        }
    }

    /// <summary>The backends of the axis that can reach <paramref name="kernel"/>, restricted by the kernel's own <c>backends</c>.</summary>
    public static IReadOnlyList<string> BackendsFor(MatrixConfig config, KernelConfig kernel) =>
        config.Backends
            .Where(b => kernel.Backends is null || kernel.Backends.Contains(b))
            .Where(b => KnownValues.CanReach(b, kernel.Source))
            .ToList();

    private static IEnumerable<CellSpec> CellsOf(MatrixConfig config, KernelConfig kernel, string backend,
        IReadOnlyList<string> families, IReadOnlyList<SysctlVariantConfig> variants, IReadOnlyList<string> userspaces)
    {
        var source = kernel.ToKernelSource();
        IReadOnlyList<string?> spaces = backend == "container" ? userspaces.Cast<string?>().ToList() : [null];
        foreach (var family in families)
        {
            foreach (var variant in variants)
            {
                foreach (var userspace in spaces)
                {
                    for (var r = 1; r <= config.Repeat; r++)
                    {
                        var id = CellId(backend, kernel.Name, family, variant.Name, userspace, config.Repeat > 1 ? r : null);
                        yield return new CellSpec(id, kernel.Name, source, family, backend, variant.Name, variant.Values, userspace, r,
                            config.Timeout, config.Retries, KnownValues.BootingBackends.Contains(backend) ? config.Vm.Accel : null) with { Suites = config.Suites };
                    }
                }
            }
        }
    }

    /// <summary><c>{backend}-{kernel}-{family}-{variant}[-{userspace}][-r{n}]</c>, lowercased, outside [a-z0-9.-] replaced by '-'.</summary>
    public static string CellId(string backend, string kernel, string family, string variant, string? userspace, int? repeat)
    {
        var raw = $"{backend}-{kernel}-{family}-{variant}" + (userspace is null or "scratch" ? "" : $"-{userspace}") + (repeat is { } n ? $"-r{n}" : "");
        var sb = new StringBuilder(raw.Length);
        foreach (var c in raw.ToLowerInvariant()) sb.Append(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '-' ? c : '-');
        return sb.ToString();
    }

    /// <summary>Whether every key the rule names equals the cell's value.</summary>
    public static bool Matches(MatrixRule rule, CellSpec cell) =>
        (rule.Kernel is null || rule.Kernel == cell.Kernel) &&
        (rule.Family is null || rule.Family == cell.Family) &&
        (rule.Backend is null || rule.Backend == cell.Backend) &&
        (rule.Variant is null || rule.Variant == cell.Variant) &&
        (rule.Userspace is null || rule.Userspace == cell.Userspace);
}
