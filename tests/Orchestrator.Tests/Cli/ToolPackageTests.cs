using System.IO.Compression;
using System.Text;
using System.Xml.Linq;
using CliWrap;
using CliWrap.Buffered;
using MptcpMatrix.Orchestrator.Tests.Support;
using MptcpMatrix.TestSupport;

namespace MptcpMatrix.Orchestrator.Tests.Cli;

/// <summary>
/// <c>dotnet pack</c> of the orchestrator is a .NET tool: installed with <c>dotnet tool install --tool-path</c> on a clean
/// tool path it answers <c>--version</c> and runs a host-only matrix with the agent it carries.
/// </summary>
public sealed class ToolPackageTests : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    private static string Project => Path.Combine(RepoPaths.Root, "src", "Orchestrator", "Orchestrator.csproj");

    private static async Task<BufferedCommandResult> Dotnet(string workDir, params string[] args)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        return await CliWrap.Cli.Wrap("dotnet").WithArguments(args).WithWorkingDirectory(workDir)
            .WithEnvironmentVariables(e => e.Set("DOTNET_NOLOGO", "1").Set("DOTNET_CLI_TELEMETRY_OPTOUT", "1"))
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(Encoding.UTF8, timeout.Token);
    }

    /// <summary>Packs (from the Release build the tests ran against) into a fresh feed and installs into a fresh tool path.</summary>
    private async Task<string> PackAndInstall(string name, params string[] properties)
    {
        var feed = dir.Sub(name + "-feed");
        var pack = await Dotnet(RepoPaths.Root, ["pack", Project, "-c", "Release", "--no-build", "-o", feed, "--nologo", "-v", "q", .. properties]);
        Assert.True(pack.ExitCode == 0, pack.StandardOutput + pack.StandardError);
        var tools = dir.Sub(name + "-tools");
        var install = await Dotnet(dir.Path, "tool", "install", "MptcpMatrix.Cli", "--version", "0.1.0", "--tool-path", tools, "--add-source", feed);
        Assert.True(install.ExitCode == 0, install.StandardOutput + install.StandardError);
        Assert.Contains("matrix", install.StandardOutput);
        return Path.Combine(tools, "matrix");
    }

    private static async Task<BufferedCommandResult> Matrix(string tool, string workDir, params string[] args)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        return await CliWrap.Cli.Wrap(tool).WithArguments(args).WithWorkingDirectory(workDir)
            .WithEnvironmentVariables(e => e.Set("MPTCPMATRIX_AGENT_DIR", null).Set("GITHUB_ACTIONS", null).Set("CI", "true"))
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(Encoding.UTF8, timeout.Token);
    }

    [Fact]
    public async Task The_packed_tool_installs_answers_version_and_runs_a_host_only_matrix_with_the_agent_inside()
    {
        Requires.Capability(File.Exists(RepoPaths.AgentBinary), "the built agent", "scripts/build-agent.sh");
        Requires.Root();
        Requires.HostMptcp();
        var tool = await PackAndInstall("full");

        var package = Directory.GetFiles(Path.GetDirectoryName(tool)!.Replace("-tools", "-feed", StringComparison.Ordinal), "*.nupkg").Single();
        using (var zip = ZipFile.OpenRead(package))
        {
            var nuspec = XDocument.Load(zip.GetEntry("MptcpMatrix.Cli.nuspec")!.Open());
            XNamespace ns = nuspec.Root!.Name.Namespace;
            var metadata = nuspec.Root.Element(ns + "metadata")!;
            Assert.Equal("MptcpMatrix.Cli", metadata.Element(ns + "id")!.Value);
            Assert.Equal("DotnetTool", metadata.Element(ns + "packageTypes")!.Element(ns + "packageType")!.Attribute("name")!.Value);
            Assert.Equal("README.md", metadata.Element(ns + "readme")!.Value);
            Assert.StartsWith("matrix: runs the Linux kernel's MPTCP", metadata.Element(ns + "description")!.Value);
            var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
            Assert.Contains("tools/net10.0/any/agent/bin/mptcp-agent", entries);
            Assert.Contains("tools/net10.0/any/agent/static/mptcp-agent", entries);
            Assert.Contains("tools/net10.0/any/agent/bundle/opt/mptcp-agent/mptcp-agent", entries);
            Assert.Contains("tools/net10.0/any/MptcpMatrix.Contracts.dll", entries);
        }

        var version = await Matrix(tool, dir.Path, "--version");
        Assert.True(version.ExitCode == 0, version.StandardError);
        Assert.StartsWith("0.1.0", version.StandardOutput.Trim());

        var work = dir.Sub("work");
        File.WriteAllText(Path.Combine(work, "matrix.yml"), "kernels: [{name: host, source: host}]\nbackends: [host]\nfamilies: [ipv4]\nparallel: 1\nretries: 0\ntimeout: 120\n");
        var run = await Matrix(tool, work, "run", "--out", "out");
        Assert.True(run.ExitCode == 0, run.StandardOutput + run.StandardError);
        Assert.Contains("1 cells: 1 pass", run.StandardOutput);
        Assert.DoesNotContain("no agent found", run.StandardError);
        Assert.True(File.Exists(Path.Combine(work, "out", "report.html")));
        Assert.True(File.Exists(Path.Combine(work, "out", "cells", "host-host-ipv4-default.json")));
    }

    [Fact]
    public async Task A_tool_packed_without_the_agent_says_where_to_get_it()
    {
        var tool = await PackAndInstall("bare", "-p:IncludeAgent=false");
        var work = dir.Sub("work");
        File.WriteAllText(Path.Combine(work, "matrix.yml"), "kernels: [{name: host, source: host}]\nbackends: [host]\nfamilies: [ipv4]\n");

        var run = await Matrix(tool, work, "run", "--dry-run");

        Assert.Contains("matrix: no agent found", run.StandardError);
        Assert.Contains("mptcp-agent-bundle-linux-x64.tar.gz", run.StandardError);
        Assert.Contains("scripts/build-agent.sh", run.StandardError);
    }
}
