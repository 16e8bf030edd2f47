using System.Reflection;
using System.Text.Json;

namespace MptcpMatrix.Orchestrator.Config;

/// <summary>The YAML keys of a config type: its public properties in snake_case, minus <see cref="SchemaIgnoreAttribute"/> ones.</summary>
internal static class ConfigKeys
{
    public static IReadOnlyList<string> Of<T>() => Of(typeof(T));

    public static IReadOnlyList<string> Of(Type type) =>
        Properties(type).Select(p => p.Key).ToList();

    public static IEnumerable<(string Key, PropertyInfo Property)> Properties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.GetCustomAttribute<SchemaIgnoreAttribute>() is null)
            .Select(p => (JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name), p));
}
