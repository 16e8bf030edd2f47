using Polly;
using Polly.Timeout;

namespace MptcpMatrix.Orchestrator.Infrastructure;

/// <summary>Turns Polly's <see cref="TimeoutRejectedException"/> into an <see cref="InfrastructureException"/> naming the cell.</summary>
internal sealed class TimeoutToInfrastructure(string cellId, TimeSpan timeout) : ResilienceStrategy
{
    protected override async ValueTask<Outcome<TResult>> ExecuteCore<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback, ResilienceContext context, TState state)
    {
        var outcome = await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);
        if (outcome.Exception is TimeoutRejectedException timeoutRejected)
        {
            return Outcome.FromException<TResult>(new InfrastructureException(cellId,
                $"timed out after {timeout.TotalSeconds:0} s", logExcerpt: null, inner: timeoutRejected));
        }

        return outcome;
    }
}
