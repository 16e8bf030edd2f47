using System.Text;
using System.Text.Json;
using MptcpMatrix.Agent.Host;
using MptcpMatrix.Contracts;

namespace MptcpMatrix.Agent;

/// <summary>The JSON document (stdout or a file, written atomically) and the human summary for stderr.</summary>
internal static class ReportWriter
{
    public static string ToJson(AgentReport report) => JsonSerializer.Serialize(report, ContractJsonWriter.Default.AgentReport);

    public static void Write(AgentReport report, string? output)
    {
        if (output is null)
        {
            WriteTo(report, chunk => StandardStreams.Write(StandardStreams.Out, chunk));
            return;
        }

        var full = Path.GetFullPath(output);
        var tmp = full + ".tmp." + Environment.ProcessId;
        using (var file = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None, 1))
        {
            WriteTo(report, file.Write);
        }

        File.Move(tmp, full, overwrite: true);
    }

    /// <summary>
    /// The report as UTF-8 JSON and a final newline, streamed to <paramref name="sink"/> in chunks of at most
    /// <paramref name="chunkSize"/> bytes (unless one JSON token is longer). Same bytes as
    /// <see cref="ContractJson"/> would write (ReportJsonTests).
    /// </summary>
    public static void WriteTo(AgentReport report, ChunkSink sink, int chunkSize = 16 * 1024)
    {
        var chunks = new ChunkedWriter(sink, chunkSize);
        var options = ContractJsonWriter.Default.Options;
        using (var json = new Utf8JsonWriter(chunks, new JsonWriterOptions
               {
                   Indented = options.WriteIndented,
                   IndentCharacter = options.IndentCharacter,
                   IndentSize = options.IndentSize,
                   NewLine = options.NewLine,
                   Encoder = options.Encoder,
                   MaxDepth = options.MaxDepth,
               }))
        {
            JsonSerializer.Serialize(json, report, ContractJsonWriter.Default.AgentReport);
        }

        chunks.Write("\n"u8);
        chunks.Flush();
    }

    public static string Summary(AgentReport report)
    {
        var sb = new StringBuilder();
        sb.Append("mptcp-agent ").Append(report.AgentVersion).Append(" on ").Append(report.Kernel.Release)
          .Append(report.Variant is null ? "" : $" [{report.Variant}]").Append(", seed ").Append(report.Seed).Append('\n');
        foreach (var f in report.Families)
        {
            var counts = f.Checks.GroupBy(c => c.Outcome).OrderBy(g => g.Key).Select(g => $"{g.Count()} {Name(g.Key)}");
            sb.Append($"  {f.Family}: {Name(f.Verdict)} ({string.Join(", ", counts)}) in {f.DurationMs} ms")
              .Append(f.Reason is null ? "" : $" - {f.Reason}").Append('\n');
            foreach (var c in f.Checks.Where(c => c.Outcome is CheckOutcome.Fail or CheckOutcome.Error))
            {
                sb.Append($"    {Name(c.Outcome).ToUpperInvariant()} {c.Id}: ")
                  .Append(c.Outcome == CheckOutcome.Fail ? $"expected {c.Expected}, observed {c.Observed}" : c.Reason)
                  .Append('\n');
            }
        }

        sb.Append("verdict: ").Append(Name(report.Verdict)).Append('\n');
        return sb.ToString();
    }

    public static string Name(CheckOutcome o) => o switch
    {
        CheckOutcome.Pass => "pass",
        CheckOutcome.Fail => "fail",
        CheckOutcome.Unsupported => "unsupported",
        _ => "error",
    };
}
