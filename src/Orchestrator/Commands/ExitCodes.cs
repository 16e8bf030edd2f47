namespace MptcpMatrix.Orchestrator.Commands;

/// <summary>The CLI's exit codes.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>At least one check failed, or (<c>matrix report --baseline</c>) a change of a <c>--fail-on</c> class was found.</summary>
    public const int ChecksFailed = 1;

    /// <summary>Bad input (matrix.yml, arguments, result files, conflicting results for one cell id): nothing was started.</summary>
    public const int BadInput = 2;

    /// <summary>Only the infrastructure failed.</summary>
    public const int InfraOnly = 3;

    /// <summary>Interrupted by Ctrl-C / SIGTERM (128 + SIGINT).</summary>
    public const int Interrupted = 130;
}
