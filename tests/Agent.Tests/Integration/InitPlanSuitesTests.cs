using System.Text;
using System.Text.Json;
using MptcpMatrix.Agent.Init;
using MptcpMatrix.Agent.Suites;
using MptcpMatrix.Contracts;

namespace MptcpMatrix.Agent.Tests.Integration;

/// <summary>The suites the VM backend puts in /init-plan.json, as the agent's init reads them.</summary>
public sealed class InitPlanSuitesTests : IDisposable
{
    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("initplan-suites-");

    public void Dispose() => dir.Delete(recursive: true);

    private InitPlan Read(byte[] json)
    {
        var path = Path.Combine(dir.FullName, "init-plan.json");
        File.WriteAllBytes(path, json);
        return InitMode.ReadPlan(path);
    }

    [Fact]
    public void The_suites_a_plan_names_read_back_in_order()
    {
        var plan = new InitPlan([new InitVariant("default", ["ipv4"], new Dictionary<string, string>())], Suites: ["selftest", "inq"]);

        var read = Read(JsonSerializer.SerializeToUtf8Bytes(plan, ContractJson.Default.InitPlan));

        Assert.Equal(["selftest", "inq"], read.Suites);
    }

    [Fact]
    public void A_plan_without_suites_or_with_null_runs_them_all()
    {
        var without = Read(Encoding.UTF8.GetBytes("""{"variants":[{"name":"d","families":["ipv4"],"sysctls":{}}]}"""));
        var nulled = Read(Encoding.UTF8.GetBytes("""{"variants":[{"name":"d","families":["ipv4"],"sysctls":{}}],"suites":null}"""));

        Assert.Null(without.Suites);
        Assert.Null(nulled.Suites);
        Assert.Equal(4, SuiteNames.All.Count);
    }

    [Theory]
    [InlineData("""{"variants":[],"suites":"sockopts"}""", "suites must be an array")]
    [InlineData("""{"variants":[],"suites":[null]}""", "a suite is null")]
    public void A_malformed_suites_member_names_the_file_and_the_problem(string json, string problem)
    {
        var e = Assert.Throws<Host.AgentException>(() => Read(Encoding.UTF8.GetBytes(json)));

        Assert.Contains(problem, e.Message);
        Assert.Contains("init-plan.json", e.Message);
    }
}
