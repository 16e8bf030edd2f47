using System.Text.Json;
using MptcpMatrix.Contracts;

namespace MptcpMatrix.Orchestrator.Backends.Vm;

/// <summary>What the intact frames of a boot's result port hold (<see cref="InitMessages"/>): reports by variant, program results, the end.</summary>
/// <param name="Reports">Plan variant -> its report.</param>
/// <param name="Programs">The program result frames, as JSON lines (init-extras.json: the differential tests).</param>
/// <param name="Done">The init wrote every variant's report.</param>
/// <param name="Error">The init's error message, when it gave up.</param>
internal sealed record GuestFrames(IReadOnlyDictionary<string, AgentReport> Reports, IReadOnlyList<string> Programs, bool Done, string? Error)
{
    public static GuestFrames Read(IReadOnlyList<string> frames)
    {
        var reports = new Dictionary<string, AgentReport>(StringComparer.Ordinal);
        var programs = new List<string>();
        var done = false;
        string? error = null;
        foreach (var frame in frames)
        {
            using var doc = JsonDocument.Parse(frame);
            switch (InitMessages.KindOf(doc.RootElement))
            {
                case InitMessageKind.Program:
                    programs.Add(doc.RootElement.GetRawText());
                    break;
                case InitMessageKind.Done:
                    done = true;
                    break;
                case InitMessageKind.Error:
                    error = InitMessages.ErrorOf(doc.RootElement);
                    break;
                default:
                    if (JsonSerializer.Deserialize(frame, ContractJson.Default.AgentReport) is { Variant: { } variant } report) reports[variant] = report;
                    break;
            }
        }

        return new GuestFrames(reports, programs, done, error);
    }
}
