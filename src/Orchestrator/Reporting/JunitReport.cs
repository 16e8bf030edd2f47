using System.Globalization;
using System.Text;
using System.Xml;
using MptcpMatrix.Contracts;
using MptcpMatrix.Orchestrator.Cells;

namespace MptcpMatrix.Orchestrator.Reporting;

/// <summary>
/// JUnit XML: one testsuite per cell (properties: kernel, release, family, backend, variant, accel, ...), one testcase per check.
/// fail = failure (type <c>fail</c>, <c>regression</c> or <c>fell_back</c>, the message says why), error = error, unsupported =
/// skipped whose message tells expected (<c>added in Linux 6.5 (commit …)</c>, <c>expected: MPTCP off …</c>) from not confirmed
/// (<c>unsupported (unexplained): …</c>, <c>unsupported, not confirmed (kernel version unknown): …</c>); an earlier-than-upstream
/// pass carries a system-out line. A cell without checks (skipped, infra error) gets one testcase named <c>cell</c>.
/// </summary>
internal static class JunitReport
{
    public static void Write(ReportDocument report, Stream stream)
    {
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), NewLineChars = "\n" };
        using var xml = XmlWriter.Create(stream, settings);
        var s = report.Summary;
        xml.WriteStartElement("testsuites");
        xml.WriteAttributeString("name", "mptcpmatrix");
        xml.WriteAttributeString("tests", Count(report.Cells, _ => true).ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("failures", Count(report.Cells, o => o == CheckOutcome.Fail).ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("errors", (s.Checks.Error + report.Cells.Count(c => c.Agent is null && c.Status == CellStatus.InfraError)).ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("skipped", (s.Checks.Unsupported + report.Cells.Count(c => c.Agent is null && c.Status != CellStatus.InfraError)).ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("time", Seconds(report.Cells.Sum(c => (c.EndedAt - c.StartedAt).TotalSeconds)));
        xml.WriteAttributeString("timestamp", report.GeneratedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture));
        var duplicates = report.Duplicates.ToLookup(d => d.CellId, StringComparer.Ordinal);
        for (var i = 0; i < report.Cells.Count; i++) WriteSuite(xml, report.Cells[i], report.CellChecks[i], duplicates[report.Cells[i].Cell.Id].ToList());
        xml.WriteEndElement();
    }

    public static string Render(ReportDocument report)
    {
        using var ms = new MemoryStream();
        Write(report, ms);
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    private static int Count(IEnumerable<CellResult> cells, Func<CheckOutcome, bool> which) =>
        cells.Sum(c => c.Agent is null ? (which(CheckOutcome.Pass) && which(CheckOutcome.Fail) ? 1 : 0) : CheckRows.Checks(c).Count(x => which(x.Check.Outcome)));

    private static void WriteSuite(XmlWriter xml, CellResult cell, CellSummary counts, IReadOnlyList<DuplicateCell> duplicates)
    {
        var checks = CheckRows.Checks(cell).ToList();
        var classname = "mptcpmatrix." + cell.Cell.Id;
        var upstream = CheckRows.Upstream(cell);
        xml.WriteStartElement("testsuite");
        xml.WriteAttributeString("name", cell.Cell.Id);
        xml.WriteAttributeString("tests", Math.Max(1, checks.Count).ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("failures", checks.Count(c => c.Check.Outcome == CheckOutcome.Fail).ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("errors", (checks.Count(c => c.Check.Outcome == CheckOutcome.Error) + (checks.Count == 0 && cell.Status == CellStatus.InfraError ? 1 : 0)).ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("skipped", (checks.Count(c => c.Check.Outcome == CheckOutcome.Unsupported) + (checks.Count == 0 && cell.Status != CellStatus.InfraError ? 1 : 0)).ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("time", Seconds((cell.EndedAt - cell.StartedAt).TotalSeconds));
        xml.WriteAttributeString("timestamp", cell.StartedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture));
        xml.WriteStartElement("properties");
        Property(xml, "kernel", cell.Cell.Kernel);
        Property(xml, "kernel_release", CheckRows.Release(cell));
        if (upstream is not null) Property(xml, "kernel_upstream_version", upstream);
        Property(xml, "kernel_source", cell.Provenance.KernelSource ?? cell.Cell.KernelSource.ToString());
        Property(xml, "host_kernel", cell.Provenance.HostKernel ? "true" : "false");
        Property(xml, "family", cell.Cell.Family);
        Property(xml, "backend", cell.Cell.Backend);
        Property(xml, "variant", cell.Cell.Variant);
        if (cell.Cell.Userspace is not null) Property(xml, "userspace", cell.Cell.Userspace);
        Property(xml, "accel", cell.Provenance.Accel);
        Property(xml, "status", CheckRows.Status(cell.Status));
        if (counts.Unexpected is not null) Property(xml, "unexpected", counts.Unexpected);
        if (cell.Provenance.AgentVersion is not null) Property(xml, "agent_version", cell.Provenance.AgentVersion);
        foreach (var (key, value) in cell.Cell.Sysctls) Property(xml, "sysctl." + key, value);
        if (cell.RetriesUsed > 0) Property(xml, "retries_used", cell.RetriesUsed.ToString(CultureInfo.InvariantCulture));
        foreach (var duplicate in duplicates)
        {
            Property(xml, "duplicate.policy", CellMerger.PolicyName(duplicate.Policy));
            foreach (var input in duplicate.Inputs)
                Property(xml, input.Kept ? "duplicate.kept" : "duplicate.dropped", $"{input.File} ({input.Verdict}, ended {CellMerger.Time(input.EndedAt)})");
        }

        xml.WriteEndElement();

        if (checks.Count == 0)
        {
            Case(xml, classname, "cell", 0);
            if (cell.Status == CellStatus.InfraError) Element(xml, "error", cell.Reason ?? "infrastructure error", cell.Reason);
            else Element(xml, "skipped", $"{CheckRows.Status(cell.Status)}: {cell.Reason}", null);
            xml.WriteEndElement();
        }

        foreach (var (family, check) in checks)
        {
            Case(xml, classname, $"{family}.{check.Id}", check.DurationMs / 1000);
            var kind = CheckKinds.Of(check);
            var why = kind is CheckKind.Pass or CheckKind.Fail or CheckKind.Error ? null : CheckKinds.Explain(check, upstream);
            switch (check.Outcome)
            {
                case CheckOutcome.Fail:
                    var observed = $"expected {check.Expected ?? "-"}, observed {check.Observed ?? "-"}" + (check.Errno is null ? "" : $" ({check.Errno})");
                    Element(xml, "failure", kind == CheckKind.Fail ? observed : $"{AgentReportJson.Name(check.Expectation!.Value)}: {why}; {observed}",
                        Details(("check", check.Id), ("expected", check.Expected), ("observed", check.Observed), ("errno", check.Errno), ("reason", check.Reason),
                            ("expectation", check.Expectation is { } e ? AgentReportJson.Name(e) : null), ("feature", check.Feature), ("since", check.Since), ("commit", check.Commit)),
                        kind switch { CheckKind.Regression => "regression", CheckKind.FellBack => "fell_back", _ => "fail" });
                    break;
                case CheckOutcome.Error:
                    Element(xml, "error", check.Reason ?? "the agent could not run this check", check.Errno);
                    break;
                case CheckOutcome.Unsupported:
                    Element(xml, "skipped", kind switch
                    {
                        CheckKind.ExpectedUnsupported => check.Since is null ? $"expected: {why}" : why!,
                        CheckKind.MptcpOff => $"expected: MPTCP off: {why}",
                        CheckKind.UnknownVersion => $"unsupported, not confirmed as expected: {why}",
                        CheckKind.NeedsCapability => $"needs a capability the agent lacked (not the kernel's answer): {why}",
                        CheckKind.NotObservable => $"not observable here (not the kernel's answer): {why}",
                        _ => $"unsupported (unexplained): {why}",
                    }, null);
                    break;
                case CheckOutcome.Pass when kind == CheckKind.EarlierThanUpstream:
                    xml.WriteElementString("system-out", $"earlier than upstream: {why}");
                    break;
            }

            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }

    private static string Details(params (string Key, string? Value)[] lines) =>
        string.Join("\n", lines.Where(l => l.Value is not null).Select(l => $"{l.Key}: {l.Value}"));

    private static void Case(XmlWriter xml, string classname, string name, double seconds)
    {
        xml.WriteStartElement("testcase");
        xml.WriteAttributeString("classname", classname);
        xml.WriteAttributeString("name", name);
        xml.WriteAttributeString("time", Seconds(seconds));
    }

    private static void Element(XmlWriter xml, string name, string message, string? body, string? type = null)
    {
        xml.WriteStartElement(name);
        xml.WriteAttributeString("message", message);
        if (type is not null) xml.WriteAttributeString("type", type);
        if (body is not null) xml.WriteString(body);
        xml.WriteEndElement();
    }

    private static void Property(XmlWriter xml, string name, string value)
    {
        xml.WriteStartElement("property");
        xml.WriteAttributeString("name", name);
        xml.WriteAttributeString("value", value);
        xml.WriteEndElement();
    }

    /// <summary>Seconds with three decimals (<c>0.000</c>, rounded half away from zero), from whole milliseconds: a custom
    /// number format per test case was a sixth of writing junit.xml for 185,000 checks.</summary>
    private static string Seconds(double s)
    {
        if (!(s >= 0 && s < 1e12)) return s.ToString("0.000", CultureInfo.InvariantCulture);
        var ms = (long)Math.Round(s * 1000, MidpointRounding.AwayFromZero);
        return string.Create(CultureInfo.InvariantCulture, $"{ms / 1000}.{ms % 1000:D3}");
    }
}
