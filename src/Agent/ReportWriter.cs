using System.Buffers;
using System.Text;
using System.Text.Json;
using MptcpMatrix.Agent.Host;
using MptcpMatrix.Contracts;

namespace MptcpMatrix.Agent;

/// <summary>The JSON document (stdout or a file, written atomically) and the human summary for stderr.</summary>
internal static class ReportWriter
{
    public static string ToJson(AgentReport report)
    {
        var buffer = new ArrayBufferWriter<byte>();
        WriteUtf8(report, buffer, indented: true);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

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
    /// <see cref="ContractJson"/> would write (ReportJsonTests); compact for a VM's result frame, where every byte
    /// crosses an emulated serial port and every instruction is emulated.
    /// </summary>
    public static void WriteTo(AgentReport report, ChunkSink sink, int chunkSize = 16 * 1024, bool indented = true)
    {
        var chunks = new ChunkedWriter(sink, chunkSize);
        WriteUtf8(report, chunks, indented);
        chunks.Write("\n"u8);
        chunks.Flush();
    }

    /// <summary>
    /// The report as UTF-8 JSON into <paramref name="output"/>: the contract's options, indented or compact (a VM's
    /// result frame, where every byte crosses an emulated serial port and every instruction is emulated).
    /// </summary>
    public static void WriteUtf8(AgentReport report, IBufferWriter<byte> output, bool indented)
    {
        using var json = new Utf8JsonWriter(output, AgentReportJson.Options(indented));
        AgentReportJson.Write(json, report);
    }

    /// <summary>
    /// The human summary: a line per family with its outcome counts, the failed and errored checks, the verdict.
    /// Plain loops on purpose: LINQ's GroupBy/OrderBy/Select chain dispatches generic virtual methods, which NativeAOT
    /// resolves through its run-time type loader (tens of milliseconds of first-run code in a TCG guest).
    /// </summary>
    public static string Summary(AgentReport report)
    {
        var sb = new StringBuilder();
        sb.Append("mptcp-agent ").Append(report.AgentVersion).Append(" on ").Append(report.Kernel.Release);
        if (report.Variant is not null) sb.Append(" [").Append(report.Variant).Append(']');
        sb.Append(", seed ").Append(report.Seed).Append('\n');
        Span<int> counts = stackalloc int[4];
        foreach (var f in report.Families)
        {
            counts.Clear();
            foreach (var c in f.Checks) counts[(int)c.Outcome]++;
            sb.Append("  ").Append(f.Family).Append(": ").Append(Name(f.Verdict)).Append(" (");
            var first = true;
            for (var o = CheckOutcome.Pass; o <= CheckOutcome.Error; o++)
            {
                if (counts[(int)o] == 0) continue;
                sb.Append(first ? "" : ", ").Append(counts[(int)o]).Append(' ').Append(Name(o));
                first = false;
            }

            sb.Append(") in ").Append(f.DurationMs.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(" ms");
            if (f.Reason is not null) sb.Append(" - ").Append(f.Reason);
            sb.Append('\n');
            // At most MaxListed failed checks per family: a fallback fails two hundred of them for one reason.
            var listed = 0;
            foreach (var c in f.Checks)
            {
                if (c.Outcome is not (CheckOutcome.Fail or CheckOutcome.Error) || listed++ >= MaxListed) continue;
                sb.Append("    ").Append(Name(c.Outcome).ToUpperInvariant()).Append(' ').Append(c.Id).Append(": ")
                  .Append(c.Outcome == CheckOutcome.Fail ? $"expected {c.Expected}, observed {c.Observed}" : c.Reason);
                if (c.Expectation is { } e) sb.Append(" [").Append(AgentReportJson.Name(e)).Append(']');
                sb.Append('\n');
            }

            if (listed > MaxListed) sb.Append("    ... and ").Append(listed - MaxListed).Append(" more failed checks (see the JSON report)\n");
        }

        sb.Append("verdict: ").Append(Name(report.Verdict)).Append('\n');
        return sb.ToString();
    }

    public static string Name(CheckOutcome o) => AgentReportJson.Name(o);

    /// <summary>How many failed checks the summary lists per family.</summary>
    public const int MaxListed = 12;
}
