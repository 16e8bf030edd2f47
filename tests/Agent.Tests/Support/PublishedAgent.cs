using System.Text.Json;
using CliWrap.Buffered;
using MptcpMatrix.Contracts;
using MptcpMatrix.TestSupport;

namespace MptcpMatrix.Agent.Tests.Support;

/// <summary>The NativeAOT agent published by scripts/build-agent.sh, run as a process.</summary>
internal static class PublishedAgent
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    public static string Binary
    {
        get
        {
            Requires.Capability(File.Exists(RepoPaths.AgentBinary), "the published agent", "scripts/build-agent.sh");
            return RepoPaths.AgentBinary;
        }
    }

    public static Task<BufferedCommandResult> RunAsync(params string[] args) => Proc.RunAsync(Binary, args, Timeout);

    /// <summary>The report on stdout, parsed with the contract's source-generated context.</summary>
    public static AgentReport Report(BufferedCommandResult result) => Parse(result.StandardOutput, Proc.Describe(result));

    public static AgentReport Parse(string json, string context)
    {
        AgentReport? report = null;
        try
        {
            report = JsonSerializer.Deserialize(json, ContractJson.Default.AgentReport);
        }
        catch (JsonException e)
        {
            Assert.Fail($"the agent's output is not an AgentReport: {e.Message}\n{context}");
        }

        Assert.True(report is not null, "empty report\n" + context);
        return report;
    }
}
