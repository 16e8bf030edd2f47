namespace MptcpMatrix.Contracts;

/// <summary>
/// The agent's verdict rule, shared by the agent (its report's verdict, its exit code) and the orchestrator (a cell's status
/// follows its checks, not a verdict field): any fail fails; else any error errs; only unsupported checks (or none) is
/// unsupported; else pass.
/// </summary>
public static class AgentVerdict
{
    public static CheckOutcome Combine(IEnumerable<CheckOutcome> outcomes)
    {
        bool any = false, fail = false, error = false, supported = false;
        foreach (var o in outcomes)
        {
            any = true;
            fail |= o == CheckOutcome.Fail;
            error |= o == CheckOutcome.Error;
            supported |= o != CheckOutcome.Unsupported;
        }

        if (fail) return CheckOutcome.Fail;
        if (error) return CheckOutcome.Error;
        return any && supported ? CheckOutcome.Pass : CheckOutcome.Unsupported;
    }

    /// <summary>The agent's exit code for a verdict: 0 when nothing failed, 1 on a failed check, 2 when the agent could not work.</summary>
    public static int ExitCode(CheckOutcome verdict) => verdict switch
    {
        CheckOutcome.Fail => 1,
        CheckOutcome.Error => 2,
        _ => 0,
    };
}
