using Polly;
using Polly.Retry;

namespace MptcpMatrix.Orchestrator.Infrastructure;

/// <summary>Every retry, timeout and fallback policy of the orchestrator, in one place.</summary>
internal static class Pipelines
{
    /// <summary>
    /// A backend's probe: bounded by <paramref name="timeout"/>, and a probe that throws or hangs becomes an "unavailable" answer
    /// (fallback) so one broken backend never takes <c>matrix run</c> or <c>matrix doctor</c> down.
    /// </summary>
    public static ResiliencePipeline<Backends.BackendProbe> Probe(string backend, TimeSpan timeout) =>
        new ResiliencePipelineBuilder<Backends.BackendProbe> { Name = "probe-" + backend }
            .AddFallback(new Polly.Fallback.FallbackStrategyOptions<Backends.BackendProbe>
            {
                ShouldHandle = new PredicateBuilder<Backends.BackendProbe>().Handle<Exception>(e => e is not OperationCanceledException || e is Polly.Timeout.TimeoutRejectedException),
                FallbackAction = args => Outcome.FromResultAsValueTask(new Backends.BackendProbe(false,
                    $"probing the {backend} backend failed: {args.Outcome.Exception?.GetType().Name}: {args.Outcome.Exception?.Message}",
                    "run `matrix doctor` for details")),
            })
            .AddTimeout(timeout)
            .Build();

    /// <summary>
    /// One batch of cells: each attempt is bounded by <paramref name="timeout"/> (a timeout becomes an
    /// <see cref="InfrastructureException"/> "timed out after N s"), and infrastructure failures are retried
    /// <paramref name="retries"/> times; check failures are results and never reach the retry (reconstructed, see the note above).
    /// </summary>
    public static ResiliencePipeline CellAttempt(string cellId, int retries, TimeSpan timeout, Action<int, Exception> onRetry)
    {
        var builder = new ResiliencePipelineBuilder { Name = "cell-" + cellId };
        if (retries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = retries,
                Delay = TimeSpan.FromMilliseconds(200),
                // Not after Ctrl-C (a backend may turn the kill of its process into an infrastructure failure: the retry would
                // be announced and never run), and not a failure that says another attempt cannot help.
                ShouldHandle = args => ValueTask.FromResult(!args.Context.CancellationToken.IsCancellationRequested &&
                    args.Outcome.Exception is InfrastructureException { Retryable: true }),
                OnRetry = args =>
                {
                    if (args.Outcome.Exception is { } e) onRetry(args.AttemptNumber + 1, e);
                    return ValueTask.CompletedTask;
                },
            });
        }

        return builder
            .AddStrategy(_ => new TimeoutToInfrastructure(cellId, timeout), new TimeoutToInfrastructureOptions())
            .AddTimeout(timeout)
            .Build();
    }

    /// <summary>Kernel downloads (url sources): 3 attempts with backoff on network errors; the caller's token bounds the total.</summary>
    public static ResiliencePipeline Download { get; } = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = 2,
            Delay = TimeSpan.FromSeconds(1),
            BackoffType = DelayBackoffType.Exponential,
            ShouldHandle = new PredicateBuilder().Handle<HttpRequestException>().Handle<IOException>(),
        })
        .AddTimeout(TimeSpan.FromMinutes(10))
        .Build();

    /// <summary>
    /// Container image builds, imports and pulls: 3 attempts with backoff when the engine or the network hiccups
    /// (5xx, broken connection); a bad Dockerfile or rootfs (4xx, setup errors) fails at once. 15 minutes in total.
    /// </summary>
    public static ResiliencePipeline DockerImage { get; } = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = 2,
            Delay = TimeSpan.FromSeconds(2),
            BackoffType = DelayBackoffType.Exponential,
            ShouldHandle = new PredicateBuilder()
                .Handle<HttpRequestException>()
                .Handle<IOException>()
                .Handle<Docker.DotNet.DockerApiException>(e => (int)e.StatusCode >= 500),
        })
        .AddTimeout(TimeSpan.FromMinutes(15))
        .Build();
}
