using MptcpMatrix.Contracts;

namespace MptcpMatrix.Agent.Selftest;

/// <summary>How check outcomes combine: any fail fails; else any error errs; all unsupported is unsupported; else pass.</summary>
internal static class Verdicts
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

    /// <summary>0 when nothing failed, 1 on a failed check, 2 when the agent could not work.</summary>
    public static int ExitCode(CheckOutcome verdict) => verdict switch
    {
        CheckOutcome.Fail => 1,
        CheckOutcome.Error => 2,
        _ => 0,
    };
}
