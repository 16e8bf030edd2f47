using System.Runtime.ExceptionServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using MptcpMatrix.Orchestrator.Infrastructure;

namespace MptcpMatrix.Orchestrator.Reporting;

/// <summary>
/// Writes every report format into a directory, each file atomically. The machine-read files (report.json, junit.xml) and
/// the human-read ones (summary.md, report.ktap, report.html, which share the grids) are written by two threads at once:
/// they only read the report. With <c>trace</c> (the report command's <c>MPTCPMATRIX_TRACE=1</c>) each file's time and the
/// process's memory go to stderr.
/// </summary>
internal static class ReportWriter
{
    /// <summary>report.json: indented as before; characters outside ASCII as themselves (UTF-8), which is valid JSON and
    /// faster to write than escapes (the file is not embedded in HTML).</summary>
    private static readonly JsonWriterOptions JsonOptions = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    public static IReadOnlyList<string> WriteAll(ReportDocument report, string outDir, bool trace = false)
    {
        Directory.CreateDirectory(outDir);
        string Write(string name, Action<Stream> write)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var path = Path.Combine(outDir, name);
            AtomicFile.Write(path, write, durable: false); // regenerable from the cell files
            if (trace) Console.Error.WriteLine($"trace: {name} {clock.ElapsedMilliseconds} ms, process CPU so far {Environment.CpuUsage.TotalTime.TotalMilliseconds:0} ms, heap {GC.GetTotalMemory(false) >> 20} MB, ws {Environment.WorkingSet >> 20} MB");
            return path;
        }

        string[] machine = [], human = [];
        try
        {
            Parallel.Invoke(
                () => machine =
                [
                    Write("report.json", s =>
                    {
                        using var target = new DeferredFlushStream(s);
                        using var json = new Utf8JsonWriter(target, JsonOptions);
                        JsonSerializer.Serialize(json, report, OrchestratorJson.Default.ReportDocument);
                    }),
                    Write("junit.xml", s => JunitReport.Write(report, s)),
                ],
                () => human =
                [
                    Write("summary.md", s => s.Write(Encoding.UTF8.GetBytes(MarkdownReport.Render(report)))),
                    Write("report.ktap", s => Text(s, w => KtapReport.Write(report, w))),
                    Write("report.html", s => Text(s, w => HtmlReport.Write(report, w, outDir))),
                ]);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }

        return [machine[0], machine[1], human[0], human[1], human[2]];
    }

    private static void Text(Stream stream, Action<TextWriter> write)
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        write(writer);
    }
}
