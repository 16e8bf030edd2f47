using MptcpMatrix.TestSupport;

namespace MptcpMatrix.Orchestrator.Tests.Support;

/// <summary>
/// Snapshot comparison against <c>tests/Orchestrator.Tests/Snapshots/NAME.verified.EXT</c>. A mismatch writes
/// <c>NAME.received.EXT</c> next to it and fails with the first differing line; <c>UPDATE_SNAPSHOTS=1</c> rewrites the verified file.
/// </summary>
public static class Snapshot
{
    public static string Dir => Path.Combine(RepoPaths.Root, "tests", "Orchestrator.Tests", "Snapshots");

    public static void Verify(string name, string extension, string actual)
    {
        var verified = Path.Combine(Dir, $"{name}.verified.{extension}");
        var received = Path.Combine(Dir, $"{name}.received.{extension}");
        actual = actual.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(Dir);
            File.WriteAllText(verified, actual);
            if (File.Exists(received)) File.Delete(received);
            return;
        }

        if (!File.Exists(verified))
        {
            File.WriteAllText(received, actual);
            Assert.Fail($"no snapshot {verified}; review {received} and rename it (or run with UPDATE_SNAPSHOTS=1)");
        }

        var expected = File.ReadAllText(verified).Replace("\r\n", "\n", StringComparison.Ordinal);
        if (expected == actual)
        {
            if (File.Exists(received)) File.Delete(received);
            return;
        }

        File.WriteAllText(received, actual);
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        var line = Enumerable.Range(0, Math.Min(e.Length, a.Length)).FirstOrDefault(i => e[i] != a[i], Math.Min(e.Length, a.Length));
        Assert.Fail($"{name}.{extension} differs from its snapshot at line {line + 1}:\n  expected: {(line < e.Length ? e[line] : "<end>")}\n  actual:   {(line < a.Length ? a[line] : "<end>")}\n" +
            $"received output: {received} (UPDATE_SNAPSHOTS=1 accepts it)");
    }
}
