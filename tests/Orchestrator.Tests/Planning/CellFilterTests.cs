using MptcpMatrix.Orchestrator.Config;
using MptcpMatrix.Orchestrator.Planning;
using MptcpMatrix.TestSupport;

namespace MptcpMatrix.Orchestrator.Tests.Planning;

public sealed class CellFilterTests
{
    private static readonly IReadOnlyList<Cells.CellSpec> Plan = CellPlanner.Expand(ConfigLoader.LoadFile(Path.Combine(RepoPaths.Root, "matrix.yml")));

    private static IEnumerable<string> Select(params string[] filters) => CellSelection.Select(Plan, [], CellFilter.Parse(filters)).Select(c => c.Id);

    [Fact]
    public void Comma_joined_terms_must_all_match()
    {
        Assert.Equal(["vm-trixie-ipv6-default"], Select("kernel=trixie,family=ipv6,variant=default"));
    }

    [Fact]
    public void Repeated_filters_are_alternatives()
    {
        Assert.Equal(["vm-sid-ipv4-default", "vm-trixie-ipv4-default"], Select("kernel=sid,family=ipv4,variant=default", "kernel=trixie,family=ipv4,variant=default").Order());
    }

    [Fact]
    public void A_star_matches_any_run_of_characters()
    {
        Assert.Equal(8, Select("kernel=bookworm*").Count());
        Assert.Equal(14, Select("variant=mptcp-*").Count());
        Assert.Equal(Plan.Count, Select("id=*").Count());
    }

    [Fact]
    public void No_filter_selects_everything()
    {
        Assert.Equal(Plan.Count, Select().Count());
    }

    [Fact]
    public void An_unknown_key_or_a_term_without_value_is_a_clear_error()
    {
        var e = Assert.Throws<FormatException>(() => CellFilter.Parse(["arch=x86"]));
        Assert.Contains("unknown key 'arch'; valid keys: id, kernel, family, backend, variant, userspace", e.Message);
        Assert.Contains("must be key=value", Assert.Throws<FormatException>(() => CellFilter.Parse(["kernel"])).Message);
    }

    [Fact]
    public void Unknown_cell_ids_are_named()
    {
        var e = Assert.Throws<ArgumentException>(() => CellSelection.Select(Plan, ["vm-nope-ipv4-default"], CellFilter.Parse([])));
        Assert.Contains("vm-nope-ipv4-default", e.Message);
        Assert.Contains("matrix plan", e.Message);
    }

    [Fact]
    public void Cell_ids_select_exactly_those_cells()
    {
        Assert.Equal(["host-host-ipv4-default"], CellSelection.Select(Plan, ["host-host-ipv4-default"], CellFilter.Parse([])).Select(c => c.Id));
    }
}
