namespace MptcpMatrix.Orchestrator.Reporting;

/// <summary>A cell id that several inputs hold with different verdicts, resolved by <paramref name="Policy"/>.</summary>
/// <param name="Difference">Where the results first differ, e.g. <c>status pass vs fail</c> or <c>ipv4.setup.connect: pass vs fail</c>.</param>
/// <param name="Inputs">Every result for the id, by file path.</param>
internal sealed record DuplicateCell(string CellId, DuplicatePolicy Policy, string Difference, IReadOnlyList<DuplicateInput> Inputs)
{
    /// <summary><c>vm-x: kept a.json (pass, ended …); dropped b.json (fail, ended …)</c></summary>
    public override string ToString() =>
        $"{CellId}: " + string.Join("; ", Inputs.Select(i => $"{(i.Kept ? "kept" : "dropped")} {i.File} ({i.Verdict}, ended {CellMerger.Time(i.EndedAt)})"));
}
