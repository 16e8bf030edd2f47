using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace MptcpMatrix.Orchestrator.Config;

/// <summary>Typed reads from a YAML node tree that collect one error per problem, each with its position.</summary>
internal sealed class YamlReader(string file)
{
    private readonly List<ConfigError> errors = [];

    public IReadOnlyList<ConfigError> Errors => errors;

    public string File { get; } = file;

    public void Error(YamlNode node, string message) => Error(Mark(node), message);

    public void Error(SourceMark at, string message) => errors.Add(new ConfigError(File, Math.Max(at.Line, 1), Math.Max(at.Column, 1), message));

    public static SourceMark Mark(YamlNode node) => new((int)node.Start.Line, (int)node.Start.Column);

    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain or YamlDotNet.Core.ScalarStyle.Any } s &&
        (s.Value is null or "" or "~" or "null" or "Null" or "NULL");

    /// <summary>The keys of a mapping; unknown keys are reported with the valid ones. Null when the node is not a mapping.</summary>
    public Dictionary<string, (YamlScalarNode Key, YamlNode Value)>? Mapping(YamlNode node, string what, IReadOnlyList<string> validKeys)
    {
        if (node is not YamlMappingNode mapping)
        {
            Error(node, $"{what} must be a mapping with keys {KnownValues.Choices(validKeys)}, got {Describe(node)}");
            return null;
        }

        var result = new Dictionary<string, (YamlScalarNode, YamlNode)>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key } scalarKey)
            {
                Error(keyNode, $"{what}: keys must be plain strings");
                continue;
            }

            if (!validKeys.Contains(key))
            {
                Error(keyNode, $"unknown key '{key}' in {what}; valid keys: {KnownValues.Choices(validKeys)}");
                continue;
            }

            if (!result.TryAdd(key, (scalarKey, value))) Error(keyNode, $"duplicate key '{key}' in {what}");
        }

        return result;
    }

    public string? String(YamlNode node, string what, bool allowNull = false)
    {
        if (allowNull && IsNull(node)) return null;
        if (node is YamlScalarNode { Value: { } value } && !IsNull(node)) return value;
        Error(node, $"{what} must be a string, got {Describe(node)}");
        return null;
    }

    public string? Choice(YamlNode node, string what, IReadOnlyList<string> choices)
    {
        var value = String(node, what);
        if (value is null) return null;
        if (choices.Contains(value)) return value;
        Error(node, $"{what}: '{value}' is not valid; valid values: {KnownValues.Choices(choices)}");
        return null;
    }

    public string? Pattern(YamlNode node, string what, string pattern, string hint)
    {
        var value = String(node, what);
        if (value is null) return null;
        // The whole value must match: .NET's '$' also matches before a final newline ("net.mptcp.enabled\n").
        var match = Regex.Match(value, pattern, RegexOptions.CultureInvariant);
        if (match.Success && match.Index == 0 && match.Length == value.Length) return value;
        Error(node, $"{what}: {Quote(value)} is not valid; expected {hint}");
        return null;
    }

    /// <summary>A value for a message: quoted, with line breaks and control characters escaped, so an error stays one line.</summary>
    public static string Quote(string value)
    {
        var text = new System.Text.StringBuilder(value.Length + 2).Append('\'');
        foreach (var c in value)
        {
            if (c == '\n') text.Append("\\n");
            else if (c == '\r') text.Append("\\r");
            else if (c == '\t') text.Append("\\t");
            else if (char.IsControl(c) || c is '\u2028' or '\u2029') text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            else text.Append(c);
        }

        return text.Append('\'').ToString();
    }

    public int? Int(YamlNode node, string what, int min, int max)
    {
        if (node is YamlScalarNode { Value: { } text, Style: YamlDotNet.Core.ScalarStyle.Plain or YamlDotNet.Core.ScalarStyle.Any } &&
            int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
        {
            if (n >= min && n <= max) return n;
            Error(node, $"{what} must be between {min} and {max}, got {n}");
            return null;
        }

        Error(node, $"{what} must be an integer between {min} and {max}, got {Describe(node)}");
        return null;
    }

    public bool? Bool(YamlNode node, string what)
    {
        if (node is YamlScalarNode { Value: { } text, Style: YamlDotNet.Core.ScalarStyle.Plain or YamlDotNet.Core.ScalarStyle.Any })
        {
            if (text is "true" or "True" or "TRUE") return true;
            if (text is "false" or "False" or "FALSE") return false;
        }

        Error(node, $"{what} must be true or false, got {Describe(node)}");
        return null;
    }

    /// <summary>A sequence of distinct choices. Null when the node is not a sequence.</summary>
    public List<string>? ChoiceList(YamlNode node, string what, IReadOnlyList<string> choices)
    {
        if (node is not YamlSequenceNode sequence)
        {
            Error(node, $"{what} must be a list of {KnownValues.Choices(choices)}, got {Describe(node)}");
            return null;
        }

        var result = new List<string>();
        foreach (var item in sequence.Children)
        {
            var value = Choice(item, what, choices);
            if (value is null) continue;
            if (result.Contains(value)) Error(item, $"{what}: duplicate '{value}'");
            else result.Add(value);
        }

        return result;
    }

    public YamlSequenceNode? Sequence(YamlNode node, string what)
    {
        if (node is YamlSequenceNode sequence) return sequence;
        Error(node, $"{what} must be a list, got {Describe(node)}");
        return null;
    }

    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode s when IsNull(s) => "nothing (null)",
        YamlScalarNode s => Quote(s.Value ?? ""),
        _ => node.NodeType.ToString(),
    };
}
