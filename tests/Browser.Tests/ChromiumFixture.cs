using Microsoft.Playwright;
using MptcpMatrix.TestSupport;

namespace MptcpMatrix.Browser.Tests;

/// <summary>
/// Debian's chromium driven by Playwright (its bundled driver; no browser download): headless, <c>--no-sandbox</c> (root).
/// Missing chromium skips the tests locally with what to install and fails them in CI (<see cref="Requires"/>).
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public static string ExecutablePath => Environment.GetEnvironmentVariable("MPTCPMATRIX_CHROMIUM") ?? "/usr/bin/chromium";

    private IPlaywright? playwright;
    private IBrowser? browser;

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ExecutablePath)) return;
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ExecutablePath, Headless = true, Args = ["--no-sandbox"] });
    }

    /// <summary>The browser, or a skip (locally) / failure (CI) naming <c>apt-get install chromium</c>.</summary>
    public IBrowser Browser
    {
        get
        {
            Requires.Capability(browser is not null, $"Debian's chromium ({ExecutablePath})", "apt-get install chromium");
            return browser!;
        }
    }

    /// <summary>A page of <paramref name="width"/> x <paramref name="height"/> CSS pixels.</summary>
    public async Task<IPage> PageAsync(int width, int height = 900, bool javaScript = true)
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height }, JavaScriptEnabled = javaScript });
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (browser is not null) await browser.DisposeAsync();
        playwright?.Dispose();
    }
}
