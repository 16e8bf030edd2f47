using System.Globalization;
using MptcpMatrix.Agent.Sockets;
using MptcpMatrix.Contracts;

namespace MptcpMatrix.Agent.Checks;

/// <summary>A dotted id prefix (e.g. <c>client.initial.tcpinfo</c>) and the ways a check under it is decided.</summary>
internal readonly record struct CheckScope(CheckLog Log, string Prefix)
{
    public CheckScope Sub(string name) => new(Log, Prefix + "." + name);

    public string Id(string name) => Prefix + "." + name;

    /// <summary>Records pass when <paramref name="ok"/>, else fail with both values; returns <paramref name="ok"/>.</summary>
    public bool Expect(string name, bool ok, string expected, string observed)
    {
        Log.Add(Id(name), ok ? CheckOutcome.Pass : CheckOutcome.Fail, expected, observed);
        return ok;
    }

    public bool Equal<T>(string name, T expected, T observed) where T : IEquatable<T> =>
        Expect(name, expected.Equals(observed), Format(expected), Format(observed));

    /// <summary>The call must succeed (return 0).</summary>
    public bool Succeeds(string name, SysResult result) =>
        Expect(name, result.Ok, "0", result.ToString());

    /// <summary>The call must be refused (return -1); <paramref name="errno"/>, when given, names the expected error.</summary>
    public bool Refused(string name, SysResult result, int? errno = null)
    {
        var ok = !result.Ok && (errno is null || result.Errno == errno);
        var expected = errno is null ? "-1 (any errno)" : "-1 " + Interop.Errno.Name(errno.Value);
        Log.Add(Id(name), ok ? CheckOutcome.Pass : CheckOutcome.Fail, expected, result.ToString(), result.Ok ? null : result.ErrnoName);
        return ok;
    }

    public void Unsupported(string name, string reason, string? errno = null) =>
        Log.Add(Id(name), CheckOutcome.Unsupported, errno: errno, reason: reason);

    /// <summary>Marks every check of a group unsupported, so check ids stay the same across kernels.</summary>
    public void UnsupportedAll(IEnumerable<string> names, string reason, string? errno = null)
    {
        foreach (var name in names) Unsupported(name, reason, errno);
    }

    public void Error(string name, string reason, string? errno = null) =>
        Log.Add(Id(name), CheckOutcome.Error, errno: errno, reason: reason);

    private static string Format<T>(T value) => value switch
    {
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        null => "null",
        _ => value.ToString() ?? "",
    };
}
