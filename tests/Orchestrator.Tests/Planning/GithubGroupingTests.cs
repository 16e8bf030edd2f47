using MptcpMatrix.Orchestrator.Config;
using MptcpMatrix.Orchestrator.Planning;
using MptcpMatrix.TestSupport;

namespace MptcpMatrix.Orchestrator.Tests.Planning;

public sealed class GithubGroupingTests
{
    private static readonly IReadOnlyList<Cells.CellSpec> Plan = CellPlanner.Expand(ConfigLoader.LoadFile(Path.Combine(RepoPaths.Root, "matrix.yml")));

    [Fact]
    public void Grouped_by_kernel_there_is_one_job_per_kernel_holding_every_cell_of_it_once()
    {
        var matrix = GithubGrouping.Group(Plan, GithubGrouping.Kernel);
        Assert.Equal(Plan.Select(c => c.Kernel).Distinct(), matrix.Include.Select(j => j.Id));
        Assert.Equal(Plan.Select(c => c.Id).Order(), matrix.Include.SelectMany(j => j.Cells.Split(' ')).Order());
        Assert.All(matrix.Include, j => Assert.Equal(j.Count, j.Cells.Split(' ').Length));
        Assert.All(matrix.Include, j => Assert.All(j.Cells.Split(' '), id => Assert.Equal(j.Kernel, Plan.Single(c => c.Id == id).Kernel)));
        Assert.All(matrix.Include, j => Assert.Null(j.Family));
    }

    [Fact]
    public void Grouped_by_kernel_a_job_names_the_backends_of_its_cells()
    {
        var matrix = GithubGrouping.Group(Plan, GithubGrouping.Kernel);
        foreach (var job in matrix.Include)
        {
            Assert.Equal(Plan.Where(c => c.Kernel == job.Kernel).Select(c => c.Backend).Distinct(), job.Backend.Split(' '));
        }
    }

    [Fact]
    public void Per_cell_every_job_is_one_cell_with_all_its_axes()
    {
        var matrix = GithubGrouping.Group(Plan, GithubGrouping.Cell);
        Assert.Equal(Plan.Select(c => c.Id), matrix.Include.Select(j => j.Id));
        Assert.All(matrix.Include, j => Assert.Equal((j.Id, 1), (j.Cells, j.Count)));
        Assert.All(matrix.Include, j => Assert.NotNull(j.Family));
        Assert.All(matrix.Include, j => Assert.NotNull(j.Variant));
    }

    [Fact]
    public void An_unknown_grouping_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GithubGrouping.Group(Plan, "backend"));
    }
}
