using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace MptcpMatrix.Agent.Tests.Layout;

/// <summary>Builds <see cref="LayoutRow"/>s from the C# structs and compares them with a compiled C probe.</summary>
internal static partial class Layouts
{
    public static readonly string[] Headers =
    [
        "errno.h", "fcntl.h", "dirent.h", "poll.h", "sched.h", "sys/socket.h", "sys/ioctl.h", "sys/time.h", "sys/utsname.h", "netinet/in.h", "net/if.h",
        "linux/tcp.h", "linux/mptcp.h", "linux/reboot.h",
    ];

    /// <summary>sizeof plus the offset of every instance field of <typeparamref name="T"/>, named in C by
    /// <paramref name="cField"/> (default: snake_case of the C# name with <paramref name="prefix"/>).</summary>
    public static IEnumerable<LayoutRow> Struct<T>(string cStruct, string prefix = "", Func<string, string>? cField = null, bool size = true)
        where T : struct
    {
        if (size) yield return new($"sizeof {cStruct}", $"sizeof(struct {cStruct})", Unsafe.SizeOf<T>());
        foreach (var f in typeof(T).GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            var c = cField?.Invoke(f.Name) ?? prefix + Snake(f.Name);
            yield return new($"offsetof {cStruct}.{c}", $"offsetof(struct {cStruct}, {c})", (long)Marshal.OffsetOf<T>(f.Name));
        }
    }

    public static async Task AssertSameAsync(IReadOnlyList<string> includeDirs, IEnumerable<LayoutRow> rows, string declarations = "")
    {
        var list = rows.ToList();
        var values = await CProgram.EvaluateAsync(includeDirs, Headers, list.ToDictionary(r => r.Name, r => r.C), declarations);
        var wrong = list.Where(r => values[r.Name] != r.CSharp).Select(r => $"{r.Name}: headers say {values[r.Name]}, C# has {r.CSharp}").ToList();
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {list.Count} values differ from the uapi headers:\n  " + string.Join("\n  ", wrong));
    }

    public static async Task<long> EvaluateAsync(IReadOnlyList<string> includeDirs, string expression, string declarations = "") =>
        (await CProgram.EvaluateAsync(includeDirs, Headers, new Dictionary<string, string> { ["x"] = expression }, declarations))["x"];

    /// <summary>A private or internal constant of an agent type (e.g. a buffer size a round keeps to itself).</summary>
    public static long Constant(Type type, string name) =>
        Convert.ToInt64(type.GetField(name, BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public)?.GetRawConstantValue()
            ?? throw new InvalidOperationException($"{type.Name}.{name} is not a constant"), System.Globalization.CultureInfo.InvariantCulture);

    public static string Snake(string pascal) => CapitalAfterLetter().Replace(pascal, "$1_$2").ToLowerInvariant();

    [GeneratedRegex("([a-z0-9])([A-Z])")]
    private static partial Regex CapitalAfterLetter();
}
