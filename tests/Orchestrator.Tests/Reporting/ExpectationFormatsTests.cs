using System.Text.Json;
using System.Xml.Linq;
using MptcpMatrix.Orchestrator.Infrastructure;
using MptcpMatrix.Orchestrator.Reporting;
using MptcpMatrix.Orchestrator.Tests.Support;

namespace MptcpMatrix.Orchestrator.Tests.Reporting;

/// <summary>
/// Issue 9: every format tells an expected unsupported check (the kernel predates the feature) from an unexplained one, names
/// regressions and fallbacks as such, and a pass cell never hides its unexpected outcomes. Uses <see cref="Reports.Sample"/>.
/// </summary>
public sealed class ExpectationFormatsTests
{
    private static readonly ReportDocument Report = ReportDocument.Create(Reports.T0, ["/results/run"], Reports.Sample().OrderBy(c => c.Cell.Id, StringComparer.Ordinal).ToList());

    private static XElement Case(XDocument junit, string cell, string check) =>
        junit.Descendants("testcase").Single(t => (string)t.Attribute("classname")! == "mptcpmatrix." + cell && (string)t.Attribute("name")! == check);

    [Fact]
    public void Report_json_counts_expected_and_unexplained_unsupported_regressions_fallbacks_and_backports_per_cell_and_in_total()
    {
        var json = JsonSerializer.Deserialize(JsonSerializer.Serialize(Report, OrchestratorJson.Default.ReportDocument), OrchestratorJson.Default.ReportDocument)!;
        var total = json.Summary.Checks;
        Assert.Equal((2, 1, 1, 1, 1, 1), (total.ExpectedUnsupported, total.MptcpOff, total.UnknownVersion, total.UnexplainedUnsupported, total.NeedsCapability, total.NotObservable));
        Assert.Equal(total.Unsupported,
            total.ExpectedUnsupported + total.MptcpOff + total.UnknownVersion + total.UnexplainedUnsupported + total.NeedsCapability + total.NotObservable);
        Assert.Equal((1, 1, 1), (total.Regression, total.FellBack, total.EarlierThanUpstream));
        var bookworm = json.CellChecks.Single(c => c.Id == "vm-bookworm-ipv4-default");
        Assert.Equal((2, 1, 1), (bookworm.Checks.ExpectedUnsupported, bookworm.Checks.UnexplainedUnsupported, bookworm.Checks.EarlierThanUpstream));
        Assert.Equal("1 unexplained unsupported, 1 earlier than upstream", bookworm.Unexpected);
        Assert.Equal(2, json.Summary.PassWithUnexpected);
    }

    [Fact]
    public void Junit_skips_an_expected_unsupported_check_with_its_release_and_commit_and_an_unexplained_one_with_a_distinct_message()
    {
        var junit = XDocument.Parse(JunitReport.Render(Report));

        Assert.Equal("added in Linux 6.5 (commit 492432074e4f)",
            (string)Case(junit, "vm-bookworm-ipv4-default", "ipv4.client.initial.full_info.call").Element("skipped")!.Attribute("message")!);
        Assert.Equal("unsupported (unexplained): getsockopt(MPTCP_SUBFLOW_ADDRS) failed with ENOPROTOOPT",
            (string)Case(junit, "vm-bookworm-ipv4-default", "ipv4.server.initial.subflow_addrs.call").Element("skipped")!.Attribute("message")!);
        Assert.StartsWith("unsupported, not confirmed as expected: EOPNOTSUPP on a kernel of unknown upstream version",
            (string)Case(junit, "vm-custom-ipv4-default", "ipv4.client.initial.full_info.call").Element("skipped")!.Attribute("message")!);
        Assert.StartsWith("expected: MPTCP off",
            (string)Case(junit, "vm-bookworm-ipv4-mptcp-disabled", "ipv4.setup.socket").Element("skipped")!.Attribute("message")!);
    }

    [Fact]
    public void Junit_reports_a_regression_and_a_fallback_as_failures_saying_why()
    {
        var junit = XDocument.Parse(JunitReport.Render(Report));

        var regression = Case(junit, "vm-sid-ipv4-default", "ipv4.client.initial.full_info.call").Element("failure")!;
        Assert.Equal("regression", (string)regression.Attribute("type")!);
        Assert.Equal("regression: added in Linux 6.5 (commit 492432074e4f), missing on 6.16.3; expected 0, observed -1 (EOPNOTSUPP)", (string)regression.Attribute("message")!);
        var fellBack = Case(junit, "vm-sid-ipv4-default", "ipv4.client.final.mptcp_info.call").Element("failure")!;
        Assert.Equal("fell_back", (string)fellBack.Attribute("type")!);
        Assert.Equal("fell_back: the connection fell back to TCP (TCP_IS_MPTCP 0), so MPTCP_INFO cannot work on it; expected MPTCP connection, observed plain TCP",
            (string)fellBack.Attribute("message")!);
        Assert.Equal("earlier than upstream: added in Linux 6.5 (commit 38967f424b5b), passes on 6.1.153 (a backport)",
            (string)Case(junit, "vm-bookworm-ipv4-default", "ipv4.client.initial.mptcp_info.counters.bytes_sent").Element("system-out")!);
    }

    [Fact]
    public void Ktap_says_skip_expected_or_skip_unsupported_unexplained_and_not_ok_regression()
    {
        var ktap = KtapReport.Render(Report).Split('\n');

        Assert.Contains("    ok 3 ipv4.client.initial.full_info.call # SKIP expected: added in Linux 6.5 (commit 492432074e4f)", ktap);
        Assert.Contains("    ok 6 ipv4.server.initial.subflow_addrs.call # SKIP unsupported (unexplained): getsockopt(MPTCP_SUBFLOW_ADDRS) failed with ENOPROTOOPT", ktap);
        Assert.Contains("    not ok 3 ipv4.client.initial.full_info.call # regression: added in Linux 6.5 (commit 492432074e4f), missing on 6.16.3", ktap);
        Assert.Contains(ktap, l => l == "    not ok 4 ipv4.client.final.mptcp_info.call # fell_back: the connection fell back to TCP (TCP_IS_MPTCP 0), so MPTCP_INFO cannot work on it");
        Assert.Contains("# vm-bookworm-ipv4-default: pass with unexpected outcomes: 1 unexplained unsupported, 1 earlier than upstream", ktap);
    }

    [Fact]
    public void The_markdown_summary_lists_per_kernel_why_groups_are_unsupported_with_regressions_and_fallbacks_first()
    {
        var md = MarkdownReport.Render(Report);

        Assert.Contains("- ➖ **expected unsupported** `mptcp_full_info` (`full_info`): added in Linux 6.5 (commit 492432074e4f) — 2 check(s) in ipv4 vm/default", md);
        Assert.Contains("- ❓ **unsupported (unexplained)** `subflow_addrs`: getsockopt(MPTCP_SUBFLOW_ADDRS) failed with ENOPROTOOPT", md);
        var sid = md[md.IndexOf("### sid", StringComparison.Ordinal)..];
        Assert.StartsWith("- 🔻 **regression** `mptcp_full_info` (`full_info`): added in Linux 6.5 (commit 492432074e4f), missing on 6.16.3",
            sid.Split('\n').First(l => l.StartsWith("- ", StringComparison.Ordinal)));
        Assert.True(sid.IndexOf("**regression**", StringComparison.Ordinal) < sid.IndexOf("**fell back to TCP**", StringComparison.Ordinal));
        var bookworm = md[md.IndexOf("### bookworm", StringComparison.Ordinal)..];
        Assert.True(bookworm.IndexOf("**unsupported (unexplained)**", StringComparison.Ordinal) < bookworm.IndexOf("**expected unsupported**", StringComparison.Ordinal));
        Assert.Contains("✅ vm/default — unexpected: 1 unexplained unsupported, 1 earlier than upstream", md);
    }

    [Fact]
    public void The_html_page_gives_every_kind_its_own_mark_and_words_and_a_pass_cell_shows_its_unexpected_outcomes()
    {
        var html = HtmlReport.Render(Report);

        foreach (var (css, icon, label) in new[]
        {
            ("expected-unsupported", "–", "expected unsupported"), ("regression", "▼", "regression"), ("fell-back", "↩", "fell back to TCP"),
            ("earlier", "▲", "earlier than upstream"), ("unsupported", "‽", "unsupported (unexplained)"), ("unknown-version", "?", "unsupported (kernel version unknown)"),
        })
        {
            Assert.Matches($"<li class=\"m-{css}\"><span class=\"i\" aria-hidden=\"true\">{System.Text.RegularExpressions.Regex.Escape(icon)}</span> [^<]+: {System.Text.RegularExpressions.Regex.Escape(label)}</li>", html); // legend
            Assert.Matches($"<td class=\"m-{css}\" data-kernel=\"[^\"]+\"( data-family=\"[^\"]+\")? data-mark=\"{System.Text.RegularExpressions.Regex.Escape(label)}\"><details><summary><span class=\"i\" aria-hidden=\"true\">{System.Text.RegularExpressions.Regex.Escape(icon)}</span>", html); // grid entry: icon and words
        }

        Assert.Contains("<div class=\"small\">unexpected: 1 unexplained unsupported, 1 earlier than upstream</div>", html); // the pass cell in the cells table
    }
}
