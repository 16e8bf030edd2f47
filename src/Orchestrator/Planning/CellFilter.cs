using System.Text.RegularExpressions;
using MptcpMatrix.Orchestrator.Cells;

namespace MptcpMatrix.Orchestrator.Planning;

/// <summary>
/// <c>--filter</c>: <c>key=value</c> terms joined by commas (AND); several <c>--filter</c> options are OR'ed.
/// Keys: id, kernel, family, backend, variant, userspace. Values may use <c>*</c> as a wildcard.
/// </summary>
internal sealed class CellFilter
{
    public static IReadOnlyList<string> Keys { get; } = ["id", "kernel", "family", "backend", "variant", "userspace"];

    private readonly List<List<(string Key, Regex Pattern)>> alternatives;

    private CellFilter(List<List<(string, Regex)>> alternatives) => this.alternatives = alternatives;

    /// <summary>Parses the expressions; throws <see cref="FormatException"/> naming the bad term and the valid keys.</summary>
    public static CellFilter Parse(IEnumerable<string> expressions)
    {
        var alternatives = new List<List<(string, Regex)>>();
        foreach (var expression in expressions)
        {
            var terms = new List<(string, Regex)>();
            foreach (var term in expression.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var eq = term.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0 || eq == term.Length - 1)
                    throw new FormatException($"--filter '{expression}': term '{term}' must be key=value (keys: {string.Join(", ", Keys)}; '*' is a wildcard)");
                var key = term[..eq].Trim();
                if (!Keys.Contains(key))
                    throw new FormatException($"--filter '{expression}': unknown key '{key}'; valid keys: {string.Join(", ", Keys)}");
                var glob = "^" + Regex.Escape(term[(eq + 1)..].Trim()).Replace("\\*", ".*", StringComparison.Ordinal) + "$";
                terms.Add((key, new Regex(glob, RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)));
            }

            if (terms.Count == 0) throw new FormatException($"--filter '{expression}' is empty; use key=value (keys: {string.Join(", ", Keys)})");
            alternatives.Add(terms);
        }

        return new CellFilter(alternatives);
    }

    public bool IsEmpty => alternatives.Count == 0;

    public bool Matches(CellSpec cell) =>
        IsEmpty || alternatives.Any(terms => terms.All(t => t.Pattern.IsMatch(Value(cell, t.Key))));

    private static string Value(CellSpec cell, string key) => key switch
    {
        "id" => cell.Id,
        "kernel" => cell.Kernel,
        "family" => cell.Family,
        "backend" => cell.Backend,
        "variant" => cell.Variant,
        "userspace" => cell.Userspace ?? "",
        _ => "",
    };
}
