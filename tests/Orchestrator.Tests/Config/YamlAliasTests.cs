using MptcpMatrix.Orchestrator.Config;

namespace MptcpMatrix.Orchestrator.Tests.Config;

/// <summary>
/// Aliases are bounded before YamlDotNet builds its node tree (<c>YamlExpansionGuard</c>). The times below are only hang
/// guards (the unbounded loader took 31 s for nine levels and minutes for ten), never an assertion of speed.
/// </summary>
public sealed class YamlAliasTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    /// <summary><c>a0: &amp;a0 [l, l, ...]</c>, then <paramref name="levels"/> lines of nine aliases of the line before.</summary>
    private static string Bomb(int levels) => string.Join('\n',
        new[] { "a0: &a0 [" + string.Join(", ", Enumerable.Repeat("l", 9)) + "]" }
            .Concat(Enumerable.Range(1, levels).Select(i => $"a{i}: &a{i} [" + string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 9)) + "]"))) + "\n";

    private static async Task<ConfigError> SingleErrorAsync(string yaml)
    {
        var load = Task.Run(() => Assert.Throws<ConfigException>(() => ConfigLoader.Load(yaml, "/tmp/m.yml", "m.yml")), TestContext.Current.CancellationToken);
        var e = await load.WaitAsync(HangGuard, TestContext.Current.CancellationToken);
        Assert.True(e.Errors.Count == 1, "expected one error, got: " + string.Join(" / ", e.Errors));
        return e.Errors[0];
    }

    [Fact]
    public async Task Nine_levels_of_nine_aliases_used_as_a_complex_key_are_refused_at_the_alias_that_crosses_the_bound()
    {
        var yaml = Bomb(9) + "? *a9\n: x\n";
        Assert.InRange(yaml.Length, 400, 600);

        var error = await SingleErrorAsync(yaml);

        // a0..a4 expand to 10, 91, 820, 7381 and 66430 nodes: the first *a4 on a5's line takes the file past 100000.
        Assert.Equal(("m.yml", 6, 10), (error.File, error.Line, error.Column));
        Assert.Equal("alias *a4 repeats 66430 nodes, and with it the file holds more than 100000 nodes once aliases are expanded " +
            "(nested aliases multiply); write the values out or use fewer aliases", error.Message);
    }

    [Fact]
    public async Task Ten_levels_fail_the_same_way_instead_of_running_for_minutes()
    {
        var error = await SingleErrorAsync(Bomb(10) + "? *a10\n: x\n");
        Assert.Equal((6, 10), (error.Line, error.Column));
    }

    [Theory]
    [InlineData("kernels: *a4\n", 6, 10)]
    [InlineData("families: [ipv4, *a4]\n", 6, 18)]
    [InlineData("kernels: [{name: host, source: host}]\nsysctls:\n  - name: v\n    values: { net.mptcp.enabled: *a4 }\n", 9, 34)]
    [InlineData("? *a4\n: x\n", 6, 3)]
    public async Task The_bound_holds_in_every_position_and_names_the_alias_that_crossed_it(string tail, int line, int column)
    {
        // Four levels are within the bound (a4's 66430 nodes count once, where it is defined); one more use of a4 is not.
        var error = await SingleErrorAsync(Bomb(4) + tail);

        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.StartsWith("alias *a4 repeats 66430 nodes", error.Message);
    }

    [Fact]
    public async Task A_complex_key_is_refused_at_the_key_not_at_the_anchor_it_refers_to()
    {
        var error = await SingleErrorAsync("kernels: [{name: host, source: host}]\nk: &k [x, y]\n? *k\n: value\n");
        Assert.Equal((3, 3), (error.Line, error.Column));
        Assert.Equal("a mapping key must be a plain string, not an alias (*k)", error.Message);

        var list = await SingleErrorAsync("kernels: [{name: host, source: host}]\n? [a, b]\n: value\n");
        Assert.Equal((2, 3), (list.Line, list.Column));
        Assert.Equal("a mapping key must be a plain string, not a list", list.Message);
    }

    [Fact]
    public async Task A_key_that_contains_an_alias_of_itself_is_a_cycle_error_not_a_stack_overflow()
    {
        var e = await Task.Run(() => Assert.Throws<ConfigException>(() => ConfigLoader.Load("kernels: [{name: host, source: host}]\n? &a [*a]\n: x\n", "/tmp/m.yml", "m.yml")),
            TestContext.Current.CancellationToken).WaitAsync(HangGuard, TestContext.Current.CancellationToken);

        Assert.Contains(e.Errors, x => (x.Line, x.Column) == (2, 3) && x.Message == "a mapping key must be a plain string, not a list");
        Assert.Contains(e.Errors, x => (x.Line, x.Column) == (2, 7) && x.Message.StartsWith("alias *a is inside the node it refers to (a cycle)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task More_than_a_thousand_aliases_are_refused_at_the_first_one_past_the_bound()
    {
        var yaml = "s: &s x\nmany: [" + string.Join(", ", Enumerable.Repeat("*s", 1001)) + "]\n";

        var error = await SingleErrorAsync(yaml);

        Assert.Equal((2, 8 + 1000 * 4), (error.Line, error.Column));
        Assert.Equal("alias *s: more than 1000 aliases in one file; write the values out instead", error.Message);
    }

    [Fact]
    public void A_matrix_that_uses_a_few_aliases_still_loads()
    {
        var config = ConfigLoader.Load("""
            kernels:
              - {name: host, source: host, backends: &hb [host]}
              - {name: h2, source: host, backends: *hb}
            families: &f [ipv4]
            sysctls:
              - name: off
                values: &off { net.mptcp.enabled: 0 }
              - name: off2
                values: *off
            """, "/tmp/m.yml");

        Assert.Equal(["host"], config.Kernels[1].Backends!);
        Assert.Equal("0", config.Sysctls[1].Values["net.mptcp.enabled"]);
    }
}
