using System.ComponentModel.DataAnnotations;
using System.Reflection;

namespace MptcpMatrix.Orchestrator.Config;

/// <summary>
/// The limits of matrix.yml's values as its types declare them (<see cref="RangeAttribute"/>, <see cref="AllowedValuesAttribute"/>):
/// the schema generator, the loader and the command line read the same declaration.
/// </summary>
internal static class ConfigLimits
{
    /// <summary>The <c>[Range]</c> of <typeparamref name="T"/>'s <paramref name="property"/>.</summary>
    public static (int Min, int Max) Range<T>(string property) =>
        Attribute<T, RangeAttribute>(property) is { Minimum: int min, Maximum: int max } ? (min, max)
            : throw new InvalidOperationException($"{typeof(T).Name}.{property} declares no integer [Range]");

    /// <summary>The <c>[AllowedValues]</c> of <typeparamref name="T"/>'s <paramref name="property"/>, in their declared order.</summary>
    public static IReadOnlyList<string> Choices<T>(string property) =>
        Attribute<T, AllowedValuesAttribute>(property)?.Values.Cast<string>().ToList()
            ?? throw new InvalidOperationException($"{typeof(T).Name}.{property} declares no [AllowedValues]");

    private static TAttribute? Attribute<T, TAttribute>(string property) where TAttribute : Attribute =>
        (typeof(T).GetProperty(property) ?? throw new ArgumentException($"{typeof(T).Name} has no property {property}", nameof(property)))
            .GetCustomAttribute<TAttribute>();
}
