using Polly;

namespace MptcpMatrix.Orchestrator.Infrastructure;

/// <summary>Options of <see cref="TimeoutToInfrastructure"/> (none; Polly requires an options object).</summary>
internal sealed class TimeoutToInfrastructureOptions : ResilienceStrategyOptions
{
    public TimeoutToInfrastructureOptions() => Name = "timeout-to-infrastructure";
}
