using Docker.DotNet;
using Docker.DotNet.Models;

namespace MptcpMatrix.Orchestrator.Backends.Container;

/// <summary>
/// Removes containers labelled <c>mptcpmatrix=1</c> whose owner is gone: the owner is the orchestrator process named by
/// <c>mptcpmatrix.pid</c> + <c>mptcpmatrix.pid-start</c> (its start time, so a reused pid does not count) on this host.
/// Containers of a live owner (another run in progress, or another backend in this process) are never touched, whatever
/// their state; containers labelled by another host are left alone.
/// </summary>
internal static class LeftoverSweeper
{
    public static async Task<IReadOnlyList<string>> SweepAsync(IDockerClient client, string? currentRunId, CancellationToken cancellationToken)
    {
        var containers = await client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool> { [$"{ContainerLabels.Marker}=1"] = true },
            },
        }, cancellationToken);
        var removed = new List<string>();
        foreach (var container in containers)
        {
            IDictionary<string, string> labels = container.Labels ?? new Dictionary<string, string>();
            if (currentRunId is not null && Label(labels, ContainerLabels.Run) == currentRunId) continue;
            if (IsOwnedByLiveProcess(labels)) continue;
            await ContainerBackend.RemoveQuietlyAsync(client, container.ID);
            removed.Add(Label(labels, ContainerLabels.Cell) ?? container.ID[..12]);
        }

        return removed;
    }

    /// <summary>True when the container's owner process still runs on this host (or the owner is on a host we cannot check).</summary>
    public static bool IsOwnedByLiveProcess(IDictionary<string, string> labels)
    {
        if (Label(labels, ContainerLabels.Host) is { } host && host != Environment.MachineName) return true;
        if (!int.TryParse(Label(labels, ContainerLabels.OwnerPid), out var pid)) return false;
        return Infrastructure.OwnerProcess.IsAlive(pid, Label(labels, ContainerLabels.OwnerStart));
    }

    private static string? Label(IDictionary<string, string> labels, string key) => labels.TryGetValue(key, out var value) ? value : null;
}
