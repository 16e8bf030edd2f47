using Microsoft.Playwright;
using MptcpMatrix.TestSupport;

namespace MptcpMatrix.Browser.Tests;

/// <summary>
/// report.html in a real browser (Debian's chromium), built from a real default-matrix run: kernels in version order, groups
/// that fold and expand, distinct marks and details for a regression and an expected-unsupported entry, no horizontal page
/// scroll at 1400 and 420 px outside the grid's own container, readable without JavaScript. Screenshots go to artifacts/browser/;
/// <c>UPDATE_SNAPSHOTS=1</c> also refreshes the README's docs/img/report.png.
/// </summary>
public sealed class ReportPageTests(ChromiumFixture chromium, RealReports reports) : IClassFixture<ChromiumFixture>, IClassFixture<RealReports>
{
    private static readonly string Artifacts = Path.Combine(RepoPaths.Root, "artifacts", "browser");

    private static async Task Screenshot(IPage page, string name)
    {
        Directory.CreateDirectory(Artifacts);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts, name + ".png") });
    }

    /// <summary>Picks two kernels in the picker by their names; returns what it says of them ("no difference", "N check(s) in …").</summary>
    private static async Task<string> PickAsync(IPage page, string a, string b)
    {
        var form = page.Locator("form#pick");
        var options = await form.Locator("select[name=a] option").AllInnerTextsAsync();
        await form.Locator("select[name=a]").SelectOptionAsync(new SelectOptionValue { Label = options.Single(o => o.StartsWith(a + " (", StringComparison.Ordinal)) });
        await form.Locator("select[name=b]").SelectOptionAsync(new SelectOptionValue { Label = options.Single(o => o.StartsWith(b + " (", StringComparison.Ordinal)) });
        return (await page.Locator("#pick-out .picked-count").InnerTextAsync()).Trim();
    }

    private static ILocator Entry(IPage page, string group, string kernel, string? family = null) =>
        page.Locator($"table.grid[data-variant=default] tbody[data-group={group}] tr.group-row td[data-kernel={kernel}]{(family is null ? "" : $"[data-family={family}]")}");

    [Fact]
    public async Task The_grid_lists_the_kernels_in_upstream_version_order()
    {
        var page = await chromium.PageAsync(1400);
        await page.GotoAsync(RealReports.Url(reports.Default));
        var kernels = await page.Locator("table.grid[data-variant=default] thead th.kernel").EvaluateAllAsync<string[]>("hs => hs.map(h => h.dataset.kernel)");
        Assert.Equal(["bullseye", "bookworm", "bookworm-backports", "trixie", "host", "sid"], kernels);
        var upstream = await page.Locator("table.grid[data-variant=default] thead th.kernel").EvaluateAllAsync<string[]>("hs => hs.map(h => h.dataset.upstream)");
        Assert.Equal(["5.10.262", "6.1.192", "6.12.95", "6.12.118", "6.18.44", "7.2.13"], upstream);
        var freebind = page.Locator("table.grid[data-variant=default] tbody[data-group=sockopts\\.ip_freebind] tr.group-row td.meta").Nth(1);
        Assert.Contains("older than its release: a backport", await freebind.InnerTextAsync(), StringComparison.Ordinal); // 6.15's fix on 6.1.192
        // The README's picture: the summary band and the whole grid of the real run.
        Directory.CreateDirectory(Artifacts);
        var readme = Path.Combine(Artifacts, "readme-report.png");
        var bottom = await page.Locator("#diff").EvaluateAsync<double>("e => e.getBoundingClientRect().top + window.scrollY");
        await page.ScreenshotAsync(new() { Path = readme, FullPage = true, Clip = new() { X = 0, Y = 0, Width = 1400, Height = (float)bottom } });
        if (Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(Path.Combine(RepoPaths.Root, "docs", "img"));
            File.Copy(readme, Path.Combine(RepoPaths.Root, "docs", "img", "report.png"), overwrite: true);
        }
    }

    [Fact]
    public async Task A_group_folds_into_one_line_and_expands_to_its_checks()
    {
        var page = await chromium.PageAsync(1400);
        await page.GotoAsync(RealReports.Url(reports.Default));
        var group = page.Locator("table.grid[data-variant=default] tbody[data-group=mptcp_info]");
        var checks = group.Locator("tr.check");
        Assert.Equal(32, await checks.CountAsync());
        Assert.False(await checks.First.IsVisibleAsync());
        await group.Locator("details.fold > summary").ClickAsync();
        Assert.True(await checks.First.IsVisibleAsync());
        Assert.Equal(32, await group.Locator("tr.check:visible").CountAsync());
        var counters = group.Locator("tr.check[data-check='client.initial.mptcp_info.counters.bytes_sent'] td[data-kernel=bookworm]");
        Assert.Equal("expected unsupported", await counters.GetAttributeAsync("data-mark"));
        await Screenshot(page, "group-expanded");
        await group.Locator("details.fold > summary").ClickAsync();
        Assert.False(await checks.First.IsVisibleAsync());
    }

    [Fact]
    public async Task A_regression_and_an_expected_unsupported_entry_show_distinct_marks_and_open_to_their_details()
    {
        var page = await chromium.PageAsync(1400);
        await page.GotoAsync(RealReports.Url(reports.WithRegression));
        var regression = Entry(page, "full_info", "sid", "ipv4"); // only ipv4 regressed: sid splits by family
        Assert.Equal("pass", await Entry(page, "full_info", "sid", "ipv6").GetAttributeAsync("data-mark"));
        var expected = Entry(page, "full_info", "bookworm");
        Assert.Equal("regression", await regression.GetAttributeAsync("data-mark"));
        Assert.Equal("expected unsupported", await expected.GetAttributeAsync("data-mark"));

        // Not colour alone: the icon and words differ too.
        var regressionText = (await regression.Locator("summary").InnerTextAsync()).Trim();
        var expectedText = (await expected.Locator("summary").InnerTextAsync()).Trim();
        Assert.Contains("REGR", regressionText, StringComparison.Ordinal);
        Assert.Contains("n/a", expectedText, StringComparison.Ordinal);
        Assert.NotEqual(await regression.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"), await expected.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));

        Assert.False(await regression.Locator(".pop").IsVisibleAsync());
        await regression.Locator("summary").ClickAsync();
        var details = regression.Locator(".pop");
        Assert.True(await details.IsVisibleAsync());
        var said = await details.InnerTextAsync();
        Assert.Contains("added in Linux 6.5 (commit 492432074e4f), missing on 7.2.13", said, StringComparison.Ordinal);
        Assert.Contains("client.initial.full_info.call EOPNOTSUPP", said, StringComparison.Ordinal);
        Assert.Contains("vm-sid-ipv4-default", said, StringComparison.Ordinal);

        // One check's entry: expected vs observed, errno, duration, where it ran.
        var group = page.Locator("table.grid[data-variant=default] tbody[data-group=full_info]");
        await group.Locator("details.fold > summary").ClickAsync();
        var check = group.Locator("tr.check[data-check='client.initial.full_info.call'] td[data-kernel=sid][data-family=ipv4]");
        Assert.Equal("regression", await check.GetAttributeAsync("data-mark"));
        await check.Locator("summary").ClickAsync();
        var story = await check.Locator(".pop").InnerTextAsync();
        Assert.Contains("ipv4 vm/default; expected 0, observed getsockopt MPTCP_FULL_INFO: -1 EOPNOTSUPP; errno EOPNOTSUPP", story, StringComparison.Ordinal);
        Assert.Matches(@"\d ms", story);
        await expected.Locator("summary").ClickAsync();
        var why = await expected.Locator(".pop").InnerTextAsync();
        Assert.Contains("96 expected unsupported", why, StringComparison.Ordinal); // 48 checks x 2 families
        Assert.Contains("added in Linux 6.5 (commit 492432074e4f)", why, StringComparison.Ordinal);
        await Screenshot(page, "regression-details");

        // The summary band puts the regressions first, against the baseline and in this run.
        var band = await page.Locator("#regressions").InnerTextAsync();
        Assert.Contains("vs baseline: 48 regression(s)", band, StringComparison.Ordinal);
        Assert.Contains("in this run: 48 check(s)", band, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1400)]
    [InlineData(420)]
    public async Task The_page_fits_the_window_and_only_the_grid_scrolls_sideways(int width)
    {
        var page = await chromium.PageAsync(width);
        await page.GotoAsync(RealReports.Url(reports.WithRegression));
        var (scroll, inner) = (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth"), await page.EvaluateAsync<int>("() => window.innerWidth"));
        Assert.True(scroll <= inner, $"the page is {scroll} px wide in a {inner} px window");
        var grid = page.Locator(".grid-wrap").First;
        await Screenshot(page, $"report-{width}");
        var box = await grid.BoundingBoxAsync();
        Assert.True(box!.X + box.Width <= inner, $"the grid's container ends at {box.X + box.Width} px");
        if (width == 420)
        {
            // The grid is wider than a phone: it scrolls in its container, the kernel headers and feature names stay put.
            Assert.True(await grid.EvaluateAsync<bool>("e => e.scrollWidth > e.clientWidth"));
            await grid.ScrollIntoViewIfNeededAsync();
            var feature = grid.Locator("tbody tr.group-row th").First;
            var before = (await feature.BoundingBoxAsync())!.X;
            await grid.EvaluateAsync("e => { e.scrollLeft = 400; e.scrollTop = 300; }");
            Assert.Equal(before, (await feature.BoundingBoxAsync())!.X, 1);
            var header = (await grid.Locator("thead th.kernel").First.BoundingBoxAsync())!;
            var top = (await grid.BoundingBoxAsync())!.Y;
            Assert.InRange(header.Y, top, top + 2); // stuck to the container's top (inside its border)
        }

        await Screenshot(page, $"report-{width}-scrolled");
    }

    [Fact]
    public async Task Printed_the_grid_is_not_cut_off_by_its_scroll_box_and_the_headers_are_not_pinned()
    {
        var page = await chromium.PageAsync(1400);
        await page.GotoAsync(RealReports.Url(reports.Default));
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        var grid = page.Locator(".grid-wrap").First;
        Assert.Equal(["visible", "none"], await grid.EvaluateAsync<string[]>("e => [getComputedStyle(e).overflowY, getComputedStyle(e).maxHeight]"));
        Assert.True(await grid.EvaluateAsync<bool>("e => e.scrollHeight <= e.clientHeight + 1"), "the grid's box hides rows when printed");
        Assert.Equal("static", await grid.Locator("thead th.kernel").First.EvaluateAsync<string>("e => getComputedStyle(e).position"));
        var pdf = await page.PdfAsync(new() { Format = "A4", Landscape = true });
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_javascript_the_grid_and_its_details_still_work()
    {
        var page = await chromium.PageAsync(1400, javaScript: false);
        await page.GotoAsync(RealReports.Url(reports.Default));
        Assert.Equal(6, await page.Locator("table.grid[data-variant=default] thead th.kernel").CountAsync());
        Assert.False(await page.Locator("form#pick").IsVisibleAsync()); // the picker needs the script; the pair table does not
        Assert.True(await page.Locator("table.pairs").IsVisibleAsync());
        var entry = Entry(page, "full_info", "bookworm");
        await entry.Locator("summary").ClickAsync();
        Assert.True(await entry.Locator(".pop").IsVisibleAsync());
    }

    [Fact]
    public async Task The_provenance_of_each_kernel_and_the_logs_of_its_cells_are_linked_from_the_grid()
    {
        var page = await chromium.PageAsync(1400);
        await page.GotoAsync(RealReports.Url(reports.Default));
        await page.Locator("table.grid[data-variant=default] thead th.kernel[data-kernel=bookworm] a").ClickAsync();
        var row = page.Locator("#k-bookworm");
        var text = await row.InnerTextAsync();
        Assert.Contains("6.1.192", text, StringComparison.Ordinal);
        Assert.Contains("linux-image-6.1.0-57-cloud-amd64=6.1.192-3", text, StringComparison.Ordinal);
        Assert.Contains("QEMU", text, StringComparison.Ordinal);
        Assert.Contains("vm: root (the guest's own)", text, StringComparison.Ordinal);
        var host = await page.Locator("#k-host").InnerTextAsync();
        Assert.Contains("host: root", host, StringComparison.Ordinal); // provenance.privilege of the host cells
        Assert.Contains("container: a normal user, every capability dropped", host, StringComparison.Ordinal);
        var entry = Entry(page, "tcpinfo", "bookworm");
        await entry.Locator("summary").ClickAsync();
        Assert.Equal("logs/vm-bookworm-ipv4-default/console.log", await entry.Locator(".pop a", new() { HasText = "console.log" }).GetAttributeAsync("href"));
        var console = page.Locator("#c-vm-bookworm-ipv4-default a", new() { HasText = "console.log" });
        Assert.Equal("logs/vm-bookworm-ipv4-default/console.log", await console.GetAttributeAsync("href"));
        var response = await page.GotoAsync(RealReports.Url(Path.Combine(Path.GetDirectoryName(reports.Default)!, "logs", "vm-bookworm-ipv4-default", "console.log")));
        Assert.NotNull(response);
    }

    [Fact]
    public async Task Picking_two_kernels_lists_the_checks_that_differ_between_them()
    {
        var page = await chromium.PageAsync(1400);
        await page.GotoAsync(RealReports.Url(reports.Default));
        var form = page.Locator("form#pick");
        Assert.True(await form.IsVisibleAsync());
        var options = await form.Locator("select[name=a] option").AllInnerTextsAsync();
        Assert.Equal(6, options.Count);
        await form.Locator("select[name=a]").SelectOptionAsync(new SelectOptionValue { Label = options.Single(o => o.StartsWith("bookworm (", StringComparison.Ordinal)) });
        await form.Locator("select[name=b]").SelectOptionAsync(new SelectOptionValue { Label = options.Single(o => o.StartsWith("sid (", StringComparison.Ordinal)) });
        var result = page.Locator("#pick-out");
        Assert.Matches(@"^\d+ check\(s\) in \d+ group\(s\) differ$", (await result.Locator(".picked-count").InnerTextAsync()).Trim());
        var groups = (await result.Locator("tr.picked-group").AllInnerTextsAsync()).Select(t => t.Trim()).ToList();
        Assert.Contains("full_info (48)", groups);
        Assert.Contains("mptcp_info (12)", groups);
        Assert.Contains("sockopts.tcp_maxseg (1)", groups); // 6.17: neither bookworm nor trixie has it
        Assert.DoesNotContain(groups, g => g.StartsWith("tcpinfo", StringComparison.Ordinal));
        var row = result.Locator("tr.picked-row", new() { Has = page.Locator("code", new() { HasText = "client.initial.full_info.call" }) });
        Assert.Equal("m-expected-unsupported", await row.Locator("td").Nth(0).GetAttributeAsync("class"));
        Assert.Equal("m-pass", await row.Locator("td").Nth(1).GetAttributeAsync("class"));
        Assert.Contains("n/a", await row.Locator("td").Nth(0).InnerTextAsync(), StringComparison.Ordinal);
        await page.Locator("#diff").ScrollIntoViewIfNeededAsync();
        await Screenshot(page, "diff-picked");

        // Two kernels that agree on every check.
        await form.Locator("select[name=a]").SelectOptionAsync(new SelectOptionValue { Label = options.Single(o => o.StartsWith("bookworm-backports (", StringComparison.Ordinal)) });
        await form.Locator("select[name=b]").SelectOptionAsync(new SelectOptionValue { Label = options.Single(o => o.StartsWith("trixie (", StringComparison.Ordinal)) });
        Assert.Equal("no difference", (await result.Locator(".picked-count").InnerTextAsync()).Trim());
        Assert.Equal(0, await result.Locator("tr.picked-row").CountAsync());
    }

    [Fact]
    public async Task A_check_the_agent_lacked_a_capability_for_reads_needs_cap_and_is_no_kernel_difference()
    {
        var page = await chromium.PageAsync(1400);
        await page.GotoAsync(RealReports.Url(reports.WithoutCapability));
        var entry = Entry(page, "sockopts\\.so_mark", "trixie");
        Assert.Equal("needs a capability the agent lacked", await entry.GetAttributeAsync("data-mark"));
        Assert.Contains("needs CAP_NET_ADMIN", await entry.Locator("summary").InnerTextAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("FAIL", await entry.Locator("summary").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(6, await page.Locator("table.grid[data-variant=default] thead th.kernel").CountAsync()); // no column split
        Assert.Equal("no difference", await PickAsync(page, "bookworm-backports", "trixie"));
        var adjacent = await page.Locator("details.diff > summary").AllInnerTextsAsync();
        Assert.Contains("bookworm-backports (6.12.95) → trixie (6.12.118): no change", adjacent);
    }

    [Fact]
    public async Task A_subflow_check_the_boot_could_not_observe_reads_unseen_and_is_no_kernel_difference()
    {
        var page = await chromium.PageAsync(1400);
        await page.GotoAsync(RealReports.Url(reports.WithoutCapability));
        // The group's other checks passed: an unseen subflow check outranks none of them, and the group reads as on bookworm-backports.
        Assert.Equal("m-pass", await Entry(page, "sockopts\\.tcp_congestion", "trixie").GetAttributeAsync("class"));
        Assert.Equal("m-pass", await Entry(page, "sockopts\\.tcp_congestion", "bookworm-backports").GetAttributeAsync("class"));
        var check = page.Locator("table.grid[data-variant=default] tr.check[data-check='sockopts.tcp_congestion.connected.subflow'] td[data-kernel=trixie]");
        Assert.Equal("not observable here", await check.GetAttributeAsync("data-mark"));
        Assert.Contains("needs inet_diag of TCP sockets (tcp_diag) to look", await check.Locator("summary").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(6, await page.Locator("table.grid[data-variant=default] thead th.kernel").CountAsync()); // no column split
        Assert.Equal("no difference", await PickAsync(page, "bookworm-backports", "trixie"));
    }

    [Fact]
    public async Task The_diff_view_compares_any_two_kernels_and_each_with_the_next()
    {
        var page = await chromium.PageAsync(1400);
        await page.GotoAsync(RealReports.Url(reports.Default));
        var pairs = page.Locator("table.pairs");
        var headers = await pairs.Locator("thead th").AllInnerTextsAsync();
        var cell = pairs.Locator("tbody tr", new() { Has = page.Locator("th", new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^bookworm$") }) })
            .Locator("td").Nth(headers.ToList().IndexOf("sid") - 1);
        Assert.Equal("12", (await cell.Locator("summary").InnerTextAsync()).Trim()); // the 11 of bookworm → bookworm-backports and TCP_MAXSEG (6.17)
        await cell.Locator("summary").ClickAsync();
        var groups = await cell.Locator("div").InnerTextAsync();
        Assert.Contains("full_info", groups, StringComparison.Ordinal);
        Assert.Contains("mptcp_info", groups, StringComparison.Ordinal);
        var adjacent = await page.Locator("details.diff > summary").AllInnerTextsAsync();
        Assert.Contains("bookworm (6.1.192) → bookworm-backports (6.12.95): 11 group(s) changed", adjacent);
        Assert.Contains("bookworm-backports (6.12.95) → trixie (6.12.118): no change", adjacent);
    }
}
