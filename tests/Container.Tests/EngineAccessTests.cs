using System.Text.Json;
using MptcpMatrix.Container.Tests.Support;
using MptcpMatrix.TestSupport;

namespace MptcpMatrix.Container.Tests;

/// <summary>A normal user whom the engine's socket refuses (not in the docker group): told how to get access, not to start an engine.</summary>
public sealed class EngineAccessTests
{
    [Fact]
    public async Task A_user_outside_the_docker_group_gets_skipped_container_cells_with_how_to_get_access_while_host_cells_pass()
    {
        await Engine.RequireAsync();
        Requires.HostMptcp();
        using var run = new NobodyRun("mm-nobody-docker-");
        var config = run.File("matrix.yml", """
            kernels:
              - name: host
                source: host
            families: [ipv4]
            backends: [host, container]
            suites: [selftest]
            timeout: 60
            retries: 0
            """);
        run.Open();

        var result = await run.RunAsync(config, "out-user/run", asNobody: true);
        var doctor = await run.MatrixAsync(asNobody: true, "doctor", "-c", config);

        var cells = Path.Combine(run.Dir, "out-user", "run", "cells");
        using var container = JsonDocument.Parse(File.ReadAllText(Path.Combine(cells, "container-host-ipv4-default.json")));
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(cells, "host-host-ipv4-default.json")));
        Assert.True(host.RootElement.GetProperty("status").GetString() == "pass", result.StandardError);
        Assert.Equal("skipped", container.RootElement.GetProperty("status").GetString());
        var reason = container.RootElement.GetProperty("reason").GetString()!;
        Assert.Contains("refuses user nobody: permission denied on /var/run/docker.sock", reason, StringComparison.Ordinal);
        Assert.Contains("usermod -aG docker nobody", reason, StringComparison.Ordinal);
        Assert.DoesNotContain("setup.sh", reason, StringComparison.Ordinal);
        // Doctor says the same per backend: the container row with the group fix, the host row running as this user.
        var rows = doctor.StandardOutput.Split('\n');
        Assert.Contains(rows, r => r.Contains("backend container", StringComparison.Ordinal) && r.Contains("missing", StringComparison.Ordinal));
        Assert.Contains("usermod -aG docker nobody", doctor.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(rows, r => r.Contains("backend host", StringComparison.Ordinal) && r.Contains("user namespace", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains("│ user ", StringComparison.Ordinal) && r.Contains("no step of a run needs root", StringComparison.Ordinal));
    }
}
