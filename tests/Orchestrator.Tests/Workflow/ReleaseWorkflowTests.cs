using MptcpMatrix.Orchestrator.Tests.Workflow.Local;
using MptcpMatrix.TestSupport;
using YamlDotNet.RepresentationModel;

namespace MptcpMatrix.Orchestrator.Tests.Workflow;

/// <summary>The release workflow's shape (its pack and install are what <see cref="Cli.ToolPackageTests"/> runs).</summary>
public sealed class ReleaseWorkflowTests
{
    private static string File => Path.Combine(RepoPaths.Root, ".github", "workflows", "release.yml");

    private static string Scripts => string.Join("\n", ActionFiles.RunScripts(File).Select(s => s.Run));

    [Fact]
    public void A_version_tag_releases_the_tool_package_the_self_contained_matrix_the_agent_bundle_and_their_sha256_sums()
    {
        var on = LocalWorkflow.Map(LocalWorkflow.Load(File), "on")!;
        Assert.Equal(["push"], on.Children.Keys.Select(k => ((YamlScalarNode)k).Value));
        Assert.Contains("tags: [\"v*\"]", System.IO.File.ReadAllText(File));
        var script = Scripts;
        Assert.Contains("dotnet pack src/Orchestrator/Orchestrator.csproj", script);
        Assert.Contains("-r linux-x64 --self-contained -p:PublishSingleFile=true", script);
        Assert.Contains("mptcp-agent-bundle.tar.gz", script);
        Assert.Contains("sha256sum -- * > SHA256SUMS", script);
        Assert.Contains("dotnet tool install MptcpMatrix.Cli", script);
        Assert.Contains("gh release create", script);
    }

    [Fact]
    public void Only_the_publishing_job_may_write_contents_and_arm64_is_documented_as_not_offered()
    {
        var jobs = LocalWorkflow.Map(LocalWorkflow.Load(File), "jobs")!;
        var build = (YamlMappingNode)jobs["build"];
        var publish = (YamlMappingNode)jobs["publish"];
        Assert.False(build.Children.ContainsKey(new YamlScalarNode("permissions")));
        Assert.Equal("write", LocalWorkflow.Scalar(LocalWorkflow.Map(publish, "permissions")!, "contents"));
        Assert.Contains("linux-arm64 is not offered", System.IO.File.ReadAllText(File));
    }
}
