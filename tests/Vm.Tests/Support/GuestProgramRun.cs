using System.Text.Json;
using MptcpMatrix.Contracts;
using MptcpMatrix.Orchestrator.Backends.Vm;

namespace MptcpMatrix.Vm.Tests.Support;

/// <summary>One line of a boot's <c>programs.jsonl</c>: how a program the init ran beside the agent ended.</summary>
public sealed record GuestProgramRun(string Name, string Variant, int? Exit, int? Signal, string? Problem, string Output)
{
    public override string ToString() =>
        $"{Name} in {Variant}: {(Exit is { } e ? $"exit {e}" : Signal is { } s ? $"signal {s}" : Problem ?? "no status")}" +
        (Output.Length == 0 ? "" : "\n  " + (Output.Length > 2000 ? Output[..2000] + "..." : Output).Replace("\n", "\n  ", StringComparison.Ordinal));

    /// <summary>The agent's JSON report when this program was the agent (its standard output, before any stderr line).</summary>
    public AgentReport AgentReport()
    {
        var start = Output.IndexOf('{', StringComparison.Ordinal);
        Assert.True(start >= 0, "no JSON in the agent's output: " + this);
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(Output[start..]));
        return JsonSerializer.Deserialize(ref reader, ContractJson.Default.AgentReport) ?? throw new InvalidOperationException("null report");
    }

    public static IReadOnlyList<GuestProgramRun> ReadLog(string logDir)
    {
        var path = Path.Combine(logDir, VmBackend.ProgramsLog);
        Assert.True(File.Exists(path), $"the boot kept no {VmBackend.ProgramsLog} in {logDir}");
        return File.ReadAllLines(path).Select(line =>
        {
            using var doc = JsonDocument.Parse(line);
            var e = doc.RootElement;
            return new GuestProgramRun(e.GetProperty("program").GetString()!, e.GetProperty("variant").GetString()!,
                e.GetProperty("exit").ValueKind == JsonValueKind.Number ? e.GetProperty("exit").GetInt32() : null,
                e.TryGetProperty("signal", out var s) ? s.GetInt32() : null,
                e.TryGetProperty("problem", out var p) ? p.GetString() : null,
                e.GetProperty("output").GetString() ?? "");
        }).ToList();
    }
}
