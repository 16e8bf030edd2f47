using MptcpMatrix.Contracts;
using MptcpMatrix.Orchestrator.Reporting;

namespace MptcpMatrix.Orchestrator.Tests.Reporting;

/// <summary>Every (before, after) combination of a check against the baseline, with and without the agent's expectation.</summary>
public sealed class ChangeClassifierTests
{
    /// <summary>What the classification depends on: absent, pass, fail, error (or needs a capability: no verdict on the kernel),
    /// unsupported as expected, unsupported otherwise.</summary>
    public enum Side { Absent, Pass, Fail, Error, ExpectedUnsupported, UnexplainedUnsupported }

    /// <summary>The whole table: 6 x 6 rows, null = unchanged.</summary>
    public static TheoryData<Side, Side, ChangeClass?> Table => new()
    {
        { Side.Absent, Side.Absent, null },
        { Side.Absent, Side.Pass, ChangeClass.NewlyTested },
        { Side.Absent, Side.Fail, ChangeClass.Regression },             // a new failure is never quiet
        { Side.Absent, Side.Error, ChangeClass.NewlyTested },
        { Side.Absent, Side.ExpectedUnsupported, ChangeClass.NewlyTested },
        { Side.Absent, Side.UnexplainedUnsupported, ChangeClass.NewlyTested },

        { Side.Pass, Side.Absent, ChangeClass.NoLongerTested },
        { Side.Pass, Side.Pass, null },
        { Side.Pass, Side.Fail, ChangeClass.Regression },
        { Side.Pass, Side.Error, ChangeClass.NoLongerTested },           // no verdict now; the cell is an infra error (exit 3)
        { Side.Pass, Side.ExpectedUnsupported, ChangeClass.SupportLost },
        { Side.Pass, Side.UnexplainedUnsupported, ChangeClass.Regression },

        { Side.Fail, Side.Absent, ChangeClass.NoLongerTested },
        { Side.Fail, Side.Pass, ChangeClass.Fixed },
        { Side.Fail, Side.Fail, ChangeClass.StillFailing },
        { Side.Fail, Side.Error, ChangeClass.NoLongerTested },
        { Side.Fail, Side.ExpectedUnsupported, ChangeClass.SupportLost },
        { Side.Fail, Side.UnexplainedUnsupported, ChangeClass.Regression }, // the feature vanished without a reason: not green

        { Side.Error, Side.Absent, ChangeClass.NoLongerTested },
        { Side.Error, Side.Pass, ChangeClass.NewlyTested },             // the baseline had no verdict
        { Side.Error, Side.Fail, ChangeClass.Regression },
        { Side.Error, Side.Error, null },
        { Side.Error, Side.ExpectedUnsupported, ChangeClass.NewlyTested },
        { Side.Error, Side.UnexplainedUnsupported, ChangeClass.NewlyTested },

        { Side.ExpectedUnsupported, Side.Absent, ChangeClass.NoLongerTested },
        { Side.ExpectedUnsupported, Side.Pass, ChangeClass.SupportGained },
        { Side.ExpectedUnsupported, Side.Fail, ChangeClass.Regression },
        { Side.ExpectedUnsupported, Side.Error, ChangeClass.NoLongerTested },
        { Side.ExpectedUnsupported, Side.ExpectedUnsupported, null },
        { Side.ExpectedUnsupported, Side.UnexplainedUnsupported, null }, // same outcome; the report counts unexplained ones

        { Side.UnexplainedUnsupported, Side.Absent, ChangeClass.NoLongerTested },
        { Side.UnexplainedUnsupported, Side.Pass, ChangeClass.SupportGained },
        { Side.UnexplainedUnsupported, Side.Fail, ChangeClass.Regression },
        { Side.UnexplainedUnsupported, Side.Error, ChangeClass.NoLongerTested },
        { Side.UnexplainedUnsupported, Side.ExpectedUnsupported, null }, // an older agent's result explained by a newer one
        { Side.UnexplainedUnsupported, Side.UnexplainedUnsupported, null },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void A_check_that_went_from_before_to_after_is_classified_as_the_table_says(Side before, Side after, ChangeClass? expected) =>
        Assert.Equal(expected, ChangeClassifier.Classify(Sample(before), Sample(after)));

    [Fact]
    public void The_table_covers_every_pair_of_sides()
    {
        var rows = Table.Select(r => ((Side)r.Data.Item1, (Side)r.Data.Item2)).ToList();
        Assert.Equal(Enum.GetValues<Side>().Length * Enum.GetValues<Side>().Length, rows.Distinct().Count());
        Assert.Equal(rows.Count, rows.Distinct().Count());
    }

    [Fact]
    public void Every_outcome_with_every_expectation_on_both_sides_is_classified_by_its_side_alone()
    {
        var table = Table.ToDictionary(r => ((Side)r.Data.Item1, (Side)r.Data.Item2), r => (ChangeClass?)r.Data.Item3);
        CheckState?[] states =
        [
            null,
            .. from outcome in Enum.GetValues<CheckOutcome>()
               from expectation in Enum.GetValues<Expectation>().Select(e => (Expectation?)e).Prepend(null)
               select new CheckState(outcome, expectation),
        ];
        Assert.Equal(1 + 4 * 9, states.Length);
        foreach (var before in states)
        {
            foreach (var after in states)
            {
                var expected = table[(SideOf(before), SideOf(after))];
                Assert.True(expected == ChangeClassifier.Classify(before, after),
                    $"{CheckState.Describe(before)} -> {CheckState.Describe(after)}: expected {expected?.ToString() ?? "unchanged"}, got {ChangeClassifier.Classify(before, after)?.ToString() ?? "unchanged"}");
            }
        }
    }

    [Theory]
    [InlineData(Expectation.ExpectedUnsupported, true)]
    [InlineData(Expectation.MptcpOff, true)]
    [InlineData(Expectation.UnknownVersion, false)]
    [InlineData(null, false)]
    public void Only_expected_unsupported_and_mptcp_off_count_as_expected(Expectation? expectation, bool expected) =>
        Assert.Equal(expected, new CheckState(CheckOutcome.Unsupported, expectation).IsExpectedUnsupported);

    [Fact]
    public void A_check_that_only_the_privilege_decided_is_no_kernel_change()
    {
        var needs = new CheckState(CheckOutcome.Unsupported, Expectation.NeedsCapability);
        Assert.Equal(ChangeClass.NoLongerTested, ChangeClassifier.Classify(new CheckState(CheckOutcome.Pass), needs)); // root before, a normal user now
        Assert.Equal(ChangeClass.NewlyTested, ChangeClassifier.Classify(needs, new CheckState(CheckOutcome.Pass)));
        Assert.Null(ChangeClassifier.Classify(needs, needs));
        Assert.Equal(ChangeClass.Regression, ChangeClassifier.Classify(needs, new CheckState(CheckOutcome.Fail)));
    }

    [Fact]
    public void A_check_that_the_boot_could_not_observe_is_no_kernel_change()
    {
        var unseen = new CheckState(CheckOutcome.Unsupported, Expectation.NotObservable);
        Assert.Equal(ChangeClass.NoLongerTested, ChangeClassifier.Classify(new CheckState(CheckOutcome.Pass), unseen)); // a vm boot with tcp_diag before, one without now
        Assert.Equal(ChangeClass.NewlyTested, ChangeClassifier.Classify(unseen, new CheckState(CheckOutcome.Pass)));
        Assert.Null(ChangeClassifier.Classify(unseen, unseen));
        Assert.Equal(ChangeClass.Regression, ChangeClassifier.Classify(unseen, new CheckState(CheckOutcome.Fail)));
    }

    [Fact]
    public void Expectations_on_a_pass_or_a_fail_do_not_make_a_change()
    {
        Assert.Null(ChangeClassifier.Classify(new CheckState(CheckOutcome.Pass), new CheckState(CheckOutcome.Pass, Expectation.EarlierThanUpstream)));
        Assert.Equal(ChangeClass.StillFailing,
            ChangeClassifier.Classify(new CheckState(CheckOutcome.Fail, Expectation.Regression), new CheckState(CheckOutcome.Fail, Expectation.FellBack)));
    }

    /// <summary>The side a concrete state falls on; written out here, independent of the classifier.</summary>
    private static Side SideOf(CheckState? state) => state switch
    {
        null => Side.Absent,
        { Outcome: CheckOutcome.Pass } => Side.Pass,
        { Outcome: CheckOutcome.Fail } => Side.Fail,
        { Outcome: CheckOutcome.Error } => Side.Error,
        { Expectation: Expectation.NeedsCapability } => Side.Error, // no verdict on the kernel: the agent's privilege decided it
        { Expectation: Expectation.NotObservable } => Side.Error, // no verdict on the kernel: the boot could not look
        { Expectation: Expectation.ExpectedUnsupported or Expectation.MptcpOff } => Side.ExpectedUnsupported,
        _ => Side.UnexplainedUnsupported,
    };

    private static CheckState? Sample(Side side) => side switch
    {
        Side.Absent => null,
        Side.Pass => new CheckState(CheckOutcome.Pass),
        Side.Fail => new CheckState(CheckOutcome.Fail),
        Side.Error => new CheckState(CheckOutcome.Error),
        Side.ExpectedUnsupported => new CheckState(CheckOutcome.Unsupported, Expectation.ExpectedUnsupported),
        _ => new CheckState(CheckOutcome.Unsupported),
    };
}
