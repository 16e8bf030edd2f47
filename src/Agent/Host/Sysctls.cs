namespace MptcpMatrix.Agent.Host;

/// <summary>Reads and writes /proc/sys. Network sysctls resolve to the namespace of the thread that opens them.</summary>
internal static class Sysctls
{
    public static string PathOf(string key) => "/proc/sys/" + key.Replace('.', '/');

    public static void Apply(IReadOnlyDictionary<string, string> sysctls)
    {
        foreach (var (key, value) in sysctls)
        {
            if (key.Length == 0 || key.Contains('/', StringComparison.Ordinal) || key.Contains("..", StringComparison.Ordinal))
                throw new AgentException($"invalid sysctl key '{key}' (expected e.g. net.mptcp.enabled)");
            try
            {
                File.WriteAllText(PathOf(key), value);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new AgentException($"cannot set {key}={value}: {e.Message}");
            }
        }
    }

    /// <summary>Every readable file under /proc/sys/net/mptcp, by sysctl name; empty without MPTCP.</summary>
    public static IReadOnlyDictionary<string, string> ReadMptcp()
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        const string dir = "/proc/sys/net/mptcp";
        if (!Directory.Exists(dir)) return result;
        foreach (var file in Directory.EnumerateFiles(dir))
        {
            try
            {
                result["net.mptcp." + Path.GetFileName(file)] = File.ReadAllText(file).Trim();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }

        return result;
    }
}
