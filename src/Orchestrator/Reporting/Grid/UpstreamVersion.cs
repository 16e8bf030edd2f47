namespace MptcpMatrix.Orchestrator.Reporting.Grid;

/// <summary>Orders upstream Linux versions numerically (<c>5.10.226</c> &lt; <c>6.1.176</c> &lt; <c>6.12.95</c>); unknown ones last.</summary>
internal static class UpstreamVersion
{
    public static int Compare(string? a, string? b)
    {
        if (a is null || b is null) return (a is null).CompareTo(b is null);
        var x = Parts(a);
        var y = Parts(b);
        for (var i = 0; i < Math.Max(x.Length, y.Length); i++)
        {
            var c = (i < x.Length ? x[i] : 0).CompareTo(i < y.Length ? y[i] : 0);
            if (c != 0) return c;
        }

        return 0;
    }

    public static IComparer<string?> Comparer { get; } = Comparer<string?>.Create(Compare);

    private static int[] Parts(string version) =>
        version.Split('.', '-', '+').Select(p => int.TryParse(new string(p.TakeWhile(char.IsAsciiDigit).ToArray()), out var n) ? n : 0).ToArray();
}
