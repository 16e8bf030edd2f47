using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using MptcpMatrix.Agent.Sockets;

namespace MptcpMatrix.Agent.Sockopts;

/// <summary>What one socket answered to a probe: setsockopt's result (none for a get-only probe), getsockopt's result,
/// and the bytes it read back.</summary>
internal sealed record Reading(SysResult? Set, SysResult? Get, byte[] Value)
{
    /// <summary>The call that refused, when one did: the set, or else the get.</summary>
    public SysResult? Refusal => Set is { Ok: false } s ? s : Get is { Ok: false } g ? g : null;

    /// <summary>Same results, and (when <paramref name="compareValue"/>) the same bytes read back.</summary>
    public bool SameAs(Reading other, bool compareValue) =>
        Same(Set, other.Set) && Same(Get, other.Get) && (!compareValue || Value.AsSpan().SequenceEqual(other.Value));

    private static bool Same(SysResult? a, SysResult? b) =>
        a is null ? b is null : b is not null && a.Value.Ok == b.Value.Ok && (a.Value.Ok || a.Value.Errno == b.Value.Errno);

    /// <summary>"set 0, get 0 = 1", "set -1 EOPNOTSUPP", "get 0 = reno".</summary>
    public string Describe(ValueFormat format)
    {
        var sb = new StringBuilder();
        if (Set is { } set) sb.Append("set ").Append(set.ToString());
        if (Get is { } get)
        {
            if (sb.Length > 0) sb.Append(", ");
            sb.Append("get ").Append(get.ToString());
            if (get.Ok) sb.Append(" = ").Append(Format(Value, format));
        }

        return sb.ToString();
    }

    public static string Format(byte[] value, ValueFormat format)
    {
        if (value.Length == 0) return "(optlen 0)";
        switch (format)
        {
            case ValueFormat.Int when value.Length == 4:
                return BinaryPrimitives.ReadInt32LittleEndian(value).ToString(CultureInfo.InvariantCulture);
            case ValueFormat.Text:
                var end = Array.IndexOf(value, (byte)0);
                return "'" + Encoding.ASCII.GetString(value, 0, end < 0 ? value.Length : end) + "'";
            default:
                var shown = Math.Min(value.Length, 16);
                return Convert.ToHexStringLower(value, 0, shown) + (shown < value.Length ? $"... ({value.Length} bytes)" : "");
        }
    }
}
