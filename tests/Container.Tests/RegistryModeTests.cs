using Docker.DotNet.Models;
using MptcpMatrix.Container.Tests.Support;
using MptcpMatrix.Orchestrator.Backends.Container;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.TestSupport.Runs;

namespace MptcpMatrix.Container.Tests;

/// <summary>
/// The registry path (<c>MPTCPMATRIX_CONTAINER_BASE=registry</c>) builds <c>images/alpine/Dockerfile</c>. No registry is reachable
/// here, so a private engine gets its <c>FROM</c> image (alpine:3.20) locally: the locally built musl base, tagged under that name.
/// The engine then builds the Dockerfile without pulling, exactly as it would after a pull.
/// </summary>
public sealed class RegistryModeTests
{
    [Fact]
    public async Task The_registry_mode_builds_the_userspace_dockerfile_and_its_cells_pass()
    {
        Engine.RequireBundle();
        await using var dockerd = await PrivateDockerd.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        using var run = new TestRun();

        // Stand-in for the pull: the local musl base under the Dockerfile's FROM name, in the private engine only.
        using (var client = Engine.Client(dockerd.Endpoint))
        {
            using var local = new AgentImageProvider(client, new ContainerOptions(), run.Context.Agent, TestRun.CacheDir);
            await local.GetAsync("alpine", ct);
            var bases = await client.Images.ListImagesAsync(new ImagesListParameters(), ct);
            var musl = bases.Single(i => i.RepoTags?.Any(t => t.StartsWith(AgentImageProvider.BaseRepository + ":alpine-like-", StringComparison.Ordinal)) == true);
            await client.Images.TagImageAsync(musl.ID, new ImageTagParameters { RepositoryName = "alpine", Tag = "3.20" }, ct);
        }

        using var backend = new ContainerBackend(new ContainerOptions(Endpoint: dockerd.Endpoint, RunId: Engine.NewRunId("registry"),
            BaseSource: ContainerBaseSource.Registry));
        var result = Assert.Single(await backend.RunAsync([Cells.Make("ipv6", userspace: "alpine")], run.Context, ct));

        Assert.Equal(CellStatus.Pass, result.Status);
        Assert.Contains("Dockerfile FROM alpine:3.20", result.Provenance.ContainerImage, StringComparison.Ordinal);
    }
}
