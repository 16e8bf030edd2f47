using System.Globalization;

namespace MptcpMatrix.Agent.Expectations;

/// <summary>An upstream Linux version: major.minor, and the stable patch level when it is known (-1 when not).</summary>
internal readonly record struct KernelVersion(int Major, int Minor, int Patch = -1) : IComparable<KernelVersion>
{
    /// <summary>Whether this kernel is at or past the release <paramref name="since"/> (major.minor; patch levels
    /// are stable updates of the same release and never add a feature upstream).</summary>
    public bool AtLeast(KernelVersion since) => Major != since.Major ? Major > since.Major : Minor >= since.Minor;

    public int CompareTo(KernelVersion other) =>
        Major != other.Major ? Major.CompareTo(other.Major) : Minor != other.Minor ? Minor.CompareTo(other.Minor) : Patch.CompareTo(other.Patch);

    /// <summary>"6.1.176", "6.5" or "6.18.44": the leading numeric part of <paramref name="text"/>; null when it does not
    /// start with major.minor.</summary>
    public static KernelVersion? ParsePrefix(ReadOnlySpan<char> text)
    {
        var numbers = new int[3] { -1, -1, -1 };
        var part = 0;
        var i = 0;
        while (part < 3)
        {
            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
            if (i == start || i - start > 6) break;
            numbers[part++] = int.Parse(text[start..i], NumberStyles.None, CultureInfo.InvariantCulture);
            if (i >= text.Length || text[i] != '.') break;
            i++;
        }

        return part >= 2 && numbers[0] >= 2 ? new KernelVersion(numbers[0], numbers[1], numbers[2]) : null;
    }

    public override string ToString() =>
        Patch < 0 ? $"{Major}.{Minor}" : string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}.{Patch}");
}
