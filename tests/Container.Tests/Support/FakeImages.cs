using Docker.DotNet.Models;
using MptcpMatrix.Orchestrator.Backends;
using MptcpMatrix.Orchestrator.Backends.Container;
using MptcpMatrix.TestSupport.Runs;

namespace MptcpMatrix.Container.Tests.Support;

/// <summary>Removes the images built from a fake bundle, so failure-path tests leave no images behind.</summary>
internal static class FakeImages
{
    public static async Task RemoveAsync(AgentArtifacts artifacts, string? endpoint = null)
    {
        using var client = Engine.Client(endpoint);
        using var provider = new AgentImageProvider(client, new ContainerOptions(), artifacts, TestRun.CacheDir);
        var (_, sha) = provider.Bundle();
        var images = await client.Images.ListImagesAsync(new ImagesListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool> { [$"{ContainerLabels.ImageBundle}={sha}"] = true },
            },
        }, CancellationToken.None);
        foreach (var image in images)
            await client.Images.DeleteImageAsync(image.ID, new ImageDeleteParameters { Force = true }, CancellationToken.None);
    }
}
