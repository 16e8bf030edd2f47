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
        void Write(string name, Action<Stream> write)
        {
            var path = Path.Combine(outDir, name);
            AtomicFile.Write(path, write);
            files.Add(path);
        }

        Write("report.json", s => JsonSerializer.Serialize(s, report, OrchestratorJson.Default.ReportDocument));
        Write("junit.xml", s => JunitReport.Write(report, s));
        Write("summary.md", s => s.Write(Encoding.UTF8.GetBytes(MarkdownReport.Render(report))));
        Write("report.ktap", s => s.Write(Encoding.UTF8.GetBytes(KtapReport.Render(report))));
        Write("report.html", s => s.Write(Encoding.UTF8.GetBytes(HtmlReport.Render(report))));
        return files;
    }
}
