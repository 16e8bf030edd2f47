namespace MptcpMatrix.Orchestrator.Tests.Support;

/// <summary>Bounded polling for process-level tests (every wait has a timeout).</summary>
public static class Wait
{
    public static async Task Until(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"timed out after {timeout.TotalSeconds:0} s waiting for {what}");
            await Task.Delay(50);
        }
    }

    /// <summary>Whether a process exists and is not a zombie.</summary>
    public static bool Alive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return !stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return false;
        }
    }
}
