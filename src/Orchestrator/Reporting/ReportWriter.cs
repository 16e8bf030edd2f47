using System.Text;
using System.Text.Json;
using MptcpMatrix.Orchestrator.Infrastructure;

namespace MptcpMatrix.Orchestrator.Reporting;

/// <summary>Writes every report format into a directory, each file atomically.</summary>
public static class ReportWriter
{
    public static IReadOnlyList<string> WriteAll(ReportDocument report, string outDir)
    {
        Directory.CreateDirectory(outDir);
        var files = new List<string>();
        var trace = Environment.GetEnvironmentVariable("MPTCPMATRIX_TRACE") == "1";
        void Write(string name, Action<Stream> write)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var cpu = Environment.CpuUsage.TotalTime;
            var path = Path.Combine(outDir, name);
            AtomicFile.Write(path, write, durable: false); // regenerable from the cell files
            files.Add(path);
            if (trace) Console.Error.WriteLine($"trace: {name} {clock.ElapsedMilliseconds} ms, CPU {(Environment.CpuUsage.TotalTime - cpu).TotalMilliseconds:0} ms, heap {GC.GetTotalMemory(false) >> 20} MB, ws {Environment.WorkingSet >> 20} MB");
        }

        Write("report.json", s => JsonSerializer.Serialize(s, report, OrchestratorJson.Default.ReportDocument));
        Write("junit.xml", s => JunitReport.Write(report, s));
        Write("summary.md", s => s.Write(Encoding.UTF8.GetBytes(MarkdownReport.Render(report))));
        Write("report.ktap", s => Text(s, w => KtapReport.Write(report, w)));
        Write("report.html", s => Text(s, w => HtmlReport.Write(report, w, outDir)));
        return files;
    }

    private static void Text(Stream stream, Action<TextWriter> write)
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        write(writer);
    }
}
