using System.Text;
using CliWrap;
using MptcpMatrix.Orchestrator.Tests.Support;

namespace MptcpMatrix.Orchestrator.Tests.Cli;

/// <summary>The start-up warm-up (Infrastructure/StartupWarmup): the JIT profile a verb leaves in the user's cache.</summary>
public sealed class StartupWarmupTests : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    private async Task<(int ExitCode, string Stdout, string Stderr)> PlanAsync(string cacheHome)
    {
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var result = await MatrixCli.Command(dir.Path, null, "plan", "--format", "github")
            .WithEnvironmentVariables(env => env.Set("XDG_CACHE_HOME", cacheHome))
            .WithStandardOutputPipe(PipeTarget.ToStringBuilder(stdout))
            .WithStandardErrorPipe(PipeTarget.ToStringBuilder(stderr))
            .ExecuteAsync(timeout.Token);
        return (result.ExitCode, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Plan_leaves_a_jit_profile_in_the_user_cache_and_plans_the_same_with_it()
    {
        dir.File("matrix.yml", "kernels: [{name: host, source: host}]\nbackends: [host]\nfamilies: [ipv4, ipv6]\n");
        var cache = Path.Combine(dir.Path, "cache");

        var first = await PlanAsync(cache);
        var profile = Path.Combine(cache, "mptcpmatrix", "jit", "plan.profile");
        Assert.True(first.ExitCode == 0, first.Stderr);
        // One core has no second thread to compile on: no warm-up, no profile.
        if (Environment.ProcessorCount < 2) Assert.False(File.Exists(profile), "a one-core machine got a JIT profile");
        else Assert.True(File.Exists(profile) && new FileInfo(profile).Length > 0, $"no JIT profile at {profile}");

        var second = await PlanAsync(cache);
        Assert.True(second.ExitCode == 0, second.Stderr);
        Assert.Equal(first.Stdout, second.Stdout);
    }

    [Fact]
    public async Task A_cache_that_cannot_be_written_costs_the_profile_and_nothing_else()
    {
        dir.File("matrix.yml", "kernels: [{name: host, source: host}]\nbackends: [host]\nfamilies: [ipv4]\n");
        var notADirectory = dir.File("cache-is-a-file", "");

        var result = await PlanAsync(notADirectory);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("host-ipv4-default", result.Stdout);
        Assert.Equal("", result.Stderr);
    }
}
