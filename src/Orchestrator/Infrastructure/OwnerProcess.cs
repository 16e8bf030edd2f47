namespace MptcpMatrix.Orchestrator.Infrastructure;

/// <summary>
/// Identifies the orchestrator process that started a container or VM (pid + start time, so a reused pid is not
/// mistaken for it), so a later run can tell leftovers of a killed run from those of a live one.
/// </summary>
internal static class OwnerProcess
{
    /// <summary>This process's start time (field 22 of /proc/self/stat).</summary>
    public static string CurrentStartTicks { get; } = StartTicks(Environment.ProcessId) ?? "0";

    /// <summary>Field 22 of <c>/proc/PID/stat</c> (start time in clock ticks since boot), or null when the process does not exist.</summary>
    public static string? StartTicks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) may hold spaces and parentheses: count fields after its closing parenthesis.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields.Length > 19 ? fields[19] : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>True when process <paramref name="pid"/> runs and, if <paramref name="startTicks"/> is given, started then.</summary>
    public static bool IsAlive(int pid, string? startTicks) =>
        StartTicks(pid) is { } actual && (startTicks is null || startTicks == actual);
}
