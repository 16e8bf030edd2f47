using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;
using MptcpMatrix.Contracts;

namespace MptcpMatrix.Agent.Tests.Faults;

/// <summary>Assertions on the observed value a failed check reports.</summary>
internal static partial class Observed
{
    public static Action<CheckResult> Is(string value) => c => Assert.Equal(value, c.Observed);

    public static Action<CheckResult> Contains(params string[] parts) => c =>
    {
        foreach (var part in parts) Assert.Contains(part, c.Observed ?? "", StringComparison.Ordinal);
    };

    /// <summary>The observed number is the expected one plus <paramref name="delta"/> (the first number of each).</summary>
    public static Action<CheckResult> ExpectedPlus(long delta) => c =>
        Assert.Equal(FirstNumber(c.Expected) + delta, FirstNumber(c.Observed));

    /// <summary>The observed number is the last number of the expected text plus <paramref name="delta"/>.</summary>
    public static Action<CheckResult> ExpectedLastPlus(long delta) => c =>
        Assert.Equal(BigInteger.Parse(Number().Matches(c.Expected ?? "")[^1].Value, CultureInfo.InvariantCulture) + delta, FirstNumber(c.Observed));

    /// <summary>Both name a "port N", and the ports differ.</summary>
    public static Action<CheckResult> PortDiffers() => c =>
    {
        var expected = Port().Match(c.Expected ?? "");
        var observed = Port().Match(c.Observed ?? "");
        Assert.True(expected.Success && observed.Success, $"no port in '{c.Expected}' / '{c.Observed}'");
        Assert.NotEqual(expected.Groups[1].Value, observed.Groups[1].Value);
    };

    public static BigInteger FirstNumber(string? text)
    {
        var m = Number().Match(text ?? "");
        Assert.True(m.Success, $"no number in '{text}'");
        return BigInteger.Parse(m.Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"-?\d+")]
    private static partial Regex Number();

    [GeneratedRegex(@"port (\d+)")]
    private static partial Regex Port();
}
