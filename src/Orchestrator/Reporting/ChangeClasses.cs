namespace MptcpMatrix.Orchestrator.Reporting;

/// <summary>The names of the <see cref="ChangeClass"/>es as <c>--fail-on</c>, report.json and the reports spell them.</summary>
internal static class ChangeClasses
{
    /// <summary>Every class, in report order (the worst first).</summary>
    public static IReadOnlyList<ChangeClass> All { get; } =
    [
        ChangeClass.Regression, ChangeClass.Fixed, ChangeClass.SupportGained, ChangeClass.SupportLost,
        ChangeClass.NewlyTested, ChangeClass.NoLongerTested, ChangeClass.StillFailing,
    ];

    /// <summary>What a comparison fails on unless <c>--fail-on</c> says otherwise.</summary>
    public static IReadOnlyList<ChangeClass> DefaultFailOn { get; } = [ChangeClass.Regression];

    public static string Name(ChangeClass change) => change switch
    {
        ChangeClass.Regression => "regression",
        ChangeClass.Fixed => "fixed",
        ChangeClass.SupportGained => "support_gained",
        ChangeClass.SupportLost => "support_lost",
        ChangeClass.NewlyTested => "newly_tested",
        ChangeClass.NoLongerTested => "no_longer_tested",
        ChangeClass.StillFailing => "still_failing",
        _ => throw new ArgumentOutOfRangeException(nameof(change), change, "not a ChangeClass"),
    };

    /// <summary>
    /// <c>--fail-on</c>: a comma list of class names, or <c>none</c> (the comparison never fails the run). Throws
    /// <see cref="FormatException"/> naming the wrong word and the valid ones.
    /// </summary>
    public static IReadOnlyList<ChangeClass> ParseFailOn(string text)
    {
        var valid = $"valid: {string.Join(", ", All.Select(Name))}, or none";
        var words = text.Split(',', StringSplitOptions.TrimEntries);
        if (words.Length == 1 && words[0] == "none") return [];
        var classes = new List<ChangeClass>();
        foreach (var word in words)
        {
            if (word.Length == 0) throw new FormatException($"--fail-on '{text}': an empty class name; {valid}");
            if (word == "none") throw new FormatException($"--fail-on '{text}': none cannot be combined with classes; {valid}");
            var match = All.Where(c => Name(c) == word).ToList();
            if (match.Count == 0) throw new FormatException($"--fail-on '{text}': '{word}' is not a change class; {valid}");
            if (!classes.Contains(match[0])) classes.Add(match[0]);
        }

        return classes.Order().ToList();
    }
}
