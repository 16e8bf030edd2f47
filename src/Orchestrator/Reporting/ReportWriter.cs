using System.Runtime.ExceptionServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using MptcpMatrix.Orchestrator.Infrastructure;

namespace MptcpMatrix.Orchestrator.Reporting;

/// <summary>
/// Writes every report format into a directory, each file atomically and all at once (they only read the report; summary.md
/// and report.html share each variant's grid, built once by whichever needs it first). With <c>trace</c> (the report command's <c>MPTCPMATRIX_TRACE=1</c>) each file's time and the
/// process's memory go to stderr.
/// </summary>
internal static class ReportWriter
{
    /// <summary>report.json: indented as before; characters outside ASCII as themselves (UTF-8), which is valid JSON and
    /// faster to write than escapes (the file is not embedded in HTML).</summary>
    private static readonly JsonWriterOptions JsonOptions = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    /// <summary>Writes the five files; returns their paths, the costliest first (report.json, summary.md, junit.xml, report.ktap, report.html).</summary>
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

        (string Name, Action<Stream> Write)[] files =
        [
            ("report.json", s =>
            {
                using var target = new DeferredFlushStream(s);
                using var json = new Utf8JsonWriter(target, JsonOptions);
                JsonSerializer.Serialize(json, report, OrchestratorJson.Default.ReportDocument);
            }),
            ("summary.md", s => s.Write(Encoding.UTF8.GetBytes(MarkdownReport.Render(report)))), // builds the grids report.html reuses
            ("junit.xml", s => JunitReport.Write(report, s)),
            ("report.ktap", s => Text(s, w => KtapReport.Write(report, w))),
            ("report.html", s => Text(s, w => HtmlReport.Write(report, w, outDir))),
        ];
        var paths = new string[files.Length];
        try
        {
            Parallel.For(0, files.Length, i => paths[i] = Write(files[i].Name, files[i].Write));
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }

        return paths;
    }

    private static void Text(Stream stream, Action<TextWriter> write)
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        write(writer);
    }
}
