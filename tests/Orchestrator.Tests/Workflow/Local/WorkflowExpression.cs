using System.Text.RegularExpressions;

namespace MptcpMatrix.Orchestrator.Tests.Workflow.Local;

/// <summary>
/// The subset of GitHub's expression language the project's workflow and action use: context paths (<c>inputs.x</c>,
/// <c>matrix.x</c>, <c>steps.id.outputs.x</c>, <c>needs.job.result</c>, ...), string literals, <c>||</c>, <c>&amp;&amp;</c>,
/// <c>==</c>, <c>!=</c>, <c>!</c>, parentheses and the status functions. Anything else throws, so a workflow that grows
/// past this subset fails the local run instead of being silently misread.
/// </summary>
public static partial class WorkflowExpression
{
    /// <summary>Replaces every <c>${{ }}</c> in <paramref name="text"/>.</summary>
    public static string Interpolate(string text, Func<string, string?> lookup, bool failed) =>
        Embedded().Replace(text, m => Evaluate(m.Groups[1].Value, lookup, failed) ?? "");

    /// <summary>An <c>if:</c> condition (with or without <c>${{ }}</c>); without a status function, <c>success() &amp;&amp;</c> is implied.</summary>
    public static bool Condition(string? condition, Func<string, string?> lookup, bool failed)
    {
        if (string.IsNullOrWhiteSpace(condition)) return !failed;
        var text = condition.Trim();
        var m = Embedded().Match(text);
        if (m.Success && m.Index == 0 && m.Length == text.Length) text = m.Groups[1].Value;
        var hasStatus = StatusFunction().IsMatch(text);
        var value = Truthy(Evaluate(text, lookup, failed));
        return hasStatus ? value : !failed && value;
    }

    public static bool Truthy(string? value) => !string.IsNullOrEmpty(value) && value != "false" && value != "0";

    public static string? Evaluate(string expression, Func<string, string?> lookup, bool failed)
    {
        var tokens = Token().Matches(expression).Select(t => t.Value).Where(t => !string.IsNullOrWhiteSpace(t)).ToList();
        var position = 0;
        var value = Or();
        if (position != tokens.Count) throw new NotSupportedException($"unsupported expression '{expression}' near '{tokens[position]}'");
        return value;

        string? Or()
        {
            var left = And();
            while (Peek("||"))
            {
                position++;
                var right = And();
                left = Truthy(left) ? left : right;
            }

            return left;
        }

        string? And()
        {
            var left = Comparison();
            while (Peek("&&"))
            {
                position++;
                var right = Comparison();
                left = Truthy(left) ? right : left;
            }

            return left;
        }

        string? Comparison()
        {
            var left = Unary();
            if (!Peek("==") && !Peek("!=")) return left;
            var op = tokens[position++];
            var right = Unary();
            var equal = string.Equals(left ?? "", right ?? "", StringComparison.OrdinalIgnoreCase);
            return (op == "==" ? equal : !equal) ? "true" : "false";
        }

        string? Unary()
        {
            if (Peek("!"))
            {
                position++;
                return Truthy(Unary()) ? "false" : "true";
            }

            return Primary();
        }

        string? Primary()
        {
            if (position >= tokens.Count) throw new NotSupportedException($"unexpected end of '{expression}'");
            var token = tokens[position++];
            if (token == "(")
            {
                var inner = Or();
                Expect(")");
                return inner;
            }

            if (token.StartsWith('\'')) return token[1..^1].Replace("''", "'", StringComparison.Ordinal);
            if (token is "true" or "false") return token;
            if (Peek("("))
            {
                position++;
                Expect(")");
                return token switch
                {
                    "always" => "true",
                    "success" => failed ? "false" : "true",
                    "failure" => failed ? "true" : "false",
                    "cancelled" => "false",
                    _ => throw new NotSupportedException($"unsupported function {token}() in '{expression}'"),
                };
            }

            return lookup(token);
        }

        bool Peek(string t) => position < tokens.Count && tokens[position] == t;

        void Expect(string t)
        {
            if (!Peek(t)) throw new NotSupportedException($"expected '{t}' in '{expression}'");
            position++;
        }
    }

    [GeneratedRegex(@"\$\{\{\s*(.*?)\s*\}\}", RegexOptions.Singleline)]
    private static partial Regex Embedded();

    [GeneratedRegex(@"\b(always|success|failure|cancelled)\(\)")]
    private static partial Regex StatusFunction();

    [GeneratedRegex(@"'(?:[^']|'')*'|\|\||&&|==|!=|!|\(|\)|[A-Za-z_][\w.\-]*|\S")]
    private static partial Regex Token();
}
