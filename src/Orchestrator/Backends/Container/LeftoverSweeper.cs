using Docker.DotNet;
using Docker.DotNet.Models;

namespace MptcpMatrix.Orchestrator.Backends.Container;

/// <summary>
/// Removes containers labelled <c>mptcpmatrix=1</c> that no live run owns: every container of another run that is not
/// running, and running ones whose owner process (<c>mptcpmatrix.pid</c> on this host) is gone. Containers of the current
/// run and running containers of another live orchestrator are left alone.
/// </summary>
public static class LeftoverSweeper
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
            if (IsOwnedByLiveProcess(container.State, labels)) continue;
            await ContainerBackend.RemoveQuietlyAsync(client, container.ID);
            removed.Add(Label(labels, ContainerLabels.Cell) ?? container.ID[..12]);
        }

        return removed;
    }

    /// <summary>A running container whose owner is a live process on this host (or on a host we cannot check).</summary>
    public static bool IsOwnedByLiveProcess(string? state, IDictionary<string, string> labels)
    {
        if (state is not ("running" or "restarting" or "paused")) return false;
        if (Label(labels, ContainerLabels.Host) is { } host && host != Environment.MachineName) return true;
        if (!int.TryParse(Label(labels, ContainerLabels.OwnerPid), out var pid)) return false;
        return pid == Environment.ProcessId || Directory.Exists($"/proc/{pid}");
    }

    private static string? Label(IDictionary<string, string> labels, string key) => labels.TryGetValue(key, out var value) ? value : null;
}
