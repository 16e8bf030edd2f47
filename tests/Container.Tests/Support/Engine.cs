using Docker.DotNet;
using Docker.DotNet.Models;
using MptcpMatrix.Orchestrator.Backends.Container;
using MptcpMatrix.TestSupport;

namespace MptcpMatrix.Container.Tests.Support;

/// <summary>Capability gates and queries against the Docker engine the tests use.</summary>
public static class Engine
{
    /// <summary>Skips locally / fails in CI unless an engine answers at DOCKER_HOST or the default socket, and the agent bundle is built.</summary>
    public static async Task RequireAsync()
    {
        using var backend = new ContainerBackend(new ContainerOptions(EngineTimeout: TimeSpan.FromSeconds(5)));
        var probe = await backend.ProbeAsync(TestContext.Current.CancellationToken);
        Requires.Capability(probe.Available, $"a running Docker engine ({probe.Detail})", DockerEndpoint.StartHint);
        RequireBundle();
    }

    public static void RequireBundle() =>
        Requires.Capability(File.Exists(Path.Combine(RepoPaths.AgentBundle, "opt", "mptcp-agent", "mptcp-agent")), "the agent bundle", "scripts/build-agent.sh");

    public static DockerClient Client(string? endpoint = null) => DockerEndpoint.CreateClient(DockerEndpoint.Resolve(endpoint));

    /// <summary>Containers (any state) labelled with <paramref name="runId"/>.</summary>
    public static async Task<IList<ContainerListResponse>> ContainersOfRunAsync(string runId, string? endpoint = null)
    {
        using var client = Client(endpoint);
        return await client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool> { [$"{ContainerLabels.Run}={runId}"] = true },
            },
        }, TestContext.Current.CancellationToken);
    }

    public static string NewRunId(string what) => $"test-{what}-{Guid.NewGuid():N}"[..40];
}
