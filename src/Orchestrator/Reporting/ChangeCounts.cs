namespace MptcpMatrix.Orchestrator.Reporting;

/// <summary>How many checks changed in each <see cref="ChangeClass"/>.</summary>
internal sealed record ChangeCounts(int Regression, int Fixed, int SupportGained, int SupportLost, int NewlyTested, int NoLongerTested, int StillFailing)
{
    public int this[ChangeClass change] => change switch
    {
        ChangeClass.Regression => Regression,
        ChangeClass.Fixed => Fixed,
        ChangeClass.SupportGained => SupportGained,
        ChangeClass.SupportLost => SupportLost,
        ChangeClass.NewlyTested => NewlyTested,
        ChangeClass.NoLongerTested => NoLongerTested,
        ChangeClass.StillFailing => StillFailing,
        _ => throw new ArgumentOutOfRangeException(nameof(change), change, "not a ChangeClass"),
    };

    public static ChangeCounts Of(IEnumerable<CheckChange> changes)
    {
        var n = new int[Enum.GetValues<ChangeClass>().Length];
        foreach (var change in changes) n[(int)change.Class]++;
        int N(ChangeClass c) => n[(int)c];
        return new ChangeCounts(N(ChangeClass.Regression), N(ChangeClass.Fixed), N(ChangeClass.SupportGained), N(ChangeClass.SupportLost),
            N(ChangeClass.NewlyTested), N(ChangeClass.NoLongerTested), N(ChangeClass.StillFailing));
    }

    /// <summary><c>2 regression, 1 fixed, 0 support_gained, ...</c> in <see cref="ChangeClasses.All"/> order.</summary>
    public override string ToString() => string.Join(", ", ChangeClasses.All.Select(c => $"{this[c]} {ChangeClasses.Name(c)}"));
}
