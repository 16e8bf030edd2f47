using System.Text;
using System.Text.Json;
using MptcpMatrix.Agent.Host;
using MptcpMatrix.Agent.Init;
using MptcpMatrix.Contracts;

namespace MptcpMatrix.Agent.Tests.Integration;

/// <summary>The init plan as the VM backend puts it in the initramfs (<c>/init-plan.json</c>), read by the bare <c>InitPlanReader</c>.</summary>
public sealed class InitPlanTests : IDisposable
{
    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("initplan-");

    public void Dispose() => dir.Delete(recursive: true);

    private string PlanFile(string json) => PlanFile(Encoding.UTF8.GetBytes(json));

    private string PlanFile(byte[] json)
    {
        var path = Path.Combine(dir.FullName, "init-plan.json");
        File.WriteAllBytes(path, json);
        return path;
    }

    [Theory]
    [InlineData("default")]
    [InlineData("mptcp-disabled#r9")]
    [InlineData("ab?>~ \"quoted\" ünï")]
    public void A_plan_file_written_by_the_contract_serializer_reads_back_the_same(string name)
    {
        var plan = new InitPlan(
            [
                new InitVariant(name, ["ipv4", "ipv6"], new Dictionary<string, string>()),
                new InitVariant("off", ["ipv6"], new Dictionary<string, string> { ["net.mptcp.enabled"] = "0" }),
            ],
            Seed: 18446744073709551615UL, TimeoutSeconds: 30, ResultDevice: "/dev/ttyS1");

        var read = InitMode.ReadPlan(PlanFile(JsonSerializer.SerializeToUtf8Bytes(plan, ContractJson.Default.InitPlan)));

        Assert.Equal(2, read.Variants.Count);
        Assert.Equal(name, read.Variants[0].Name);
        Assert.Equal(["ipv4", "ipv6"], read.Variants[0].Families);
        Assert.Empty(read.Variants[0].Sysctls);
        Assert.Equal("0", read.Variants[1].Sysctls["net.mptcp.enabled"]);
        Assert.Equal(18446744073709551615UL, read.Seed);
        Assert.Equal(30, read.TimeoutSeconds);
        Assert.Equal("/dev/ttyS1", read.ResultDevice);
    }

    [Fact]
    public void A_plan_far_larger_than_a_kernel_command_line_and_the_first_read_is_read_whole()
    {
        // 100 repetitions x 3 variants, as `repeat: 100` allows: ~25 KB, against the 2 KB an x86 command line holds.
        var variants = Enumerable.Range(1, 100).SelectMany(r => new[] { "default", "mptcp-disabled", "tuned" }.Select(v =>
            new InitVariant($"{v}#r{r}", ["ipv4", "ipv6"], v == "default" ? new Dictionary<string, string>() : new Dictionary<string, string> { ["net.mptcp.enabled"] = "0" })))
            .ToList();
        var json = JsonSerializer.SerializeToUtf8Bytes(new InitPlan(variants), ContractJson.Default.InitPlan);
        Assert.InRange(json.Length, 20_000, 100_000);

        var read = InitMode.ReadPlan(PlanFile(json));

        Assert.Equal(variants.Select(v => v.Name), read.Variants.Select(v => v.Name));
        Assert.Equal("tuned#r100", read.Variants[^1].Name);
        Assert.Equal("0", read.Variants[^1].Sysctls["net.mptcp.enabled"]);
    }

    [Fact]
    public void A_plan_without_seed_or_device_gets_the_defaults()
    {
        var plan = InitMode.ReadPlan(PlanFile("""{"variants":[{"name":"v","families":["ipv4"],"sysctls":{}}]}"""));

        Assert.Null(plan.Seed);
        Assert.Equal(15, plan.TimeoutSeconds);
        Assert.Equal("/dev/ttyS1", plan.ResultDevice);
    }

    [Fact]
    public void A_missing_plan_file_is_an_init_error_naming_the_file_and_the_errno()
    {
        var missing = Path.Combine(dir.FullName, "absent.json");

        var e = Assert.Throws<AgentException>(() => InitMode.ReadPlan(missing));

        Assert.Equal("init", e.Stage);
        Assert.Equal($"cannot read the init plan {missing} (ENOENT); the VM backend appends it to the initramfs", e.Message);
    }

    [Fact]
    public void The_plan_reader_skips_unknown_members_and_takes_a_null_seed()
    {
        var plan = InitMode.ReadPlan(PlanFile("""{"future":{"a":[1,{"b":null}]},"variants":[{"name":"v","extra":true,"families":["ipv6"],"sysctls":{"net.mptcp.enabled":"0"}}],"seed":null,"timeout_seconds":7,"result_device":"/dev/ttyS2"}"""));

        Assert.Equal("v", Assert.Single(plan.Variants).Name);
        Assert.Equal(["ipv6"], plan.Variants[0].Families);
        Assert.Equal("0", plan.Variants[0].Sysctls["net.mptcp.enabled"]);
        Assert.Null(plan.Seed);
        Assert.Equal(7, plan.TimeoutSeconds);
        Assert.Equal("/dev/ttyS2", plan.ResultDevice);
    }

    [Theory]
    [InlineData("""{"variants":[{"name":"v","families":["ipv4"]}]""", "is not valid JSON")]
    [InlineData("""{"seed":1}""", "is not valid: the plan has no variants")]
    [InlineData("""{"variants":[{"families":["ipv4"],"sysctls":{}}]}""", "is not valid: a variant has no name")]
    [InlineData("""{"variants":[{"name":"v","sysctls":{}}]}""", "is not valid: variant v has no families")]
    [InlineData("""{"variants":{"name":"v"}}""", "is not valid: variants must be an array")]
    [InlineData("""{"variants":[{"name":"v","families":["ipv4"]}],"timeout_seconds":"15"}""", "wrong type")]
    [InlineData("""{"variants":[]} []""", "is not valid JSON")]
    [InlineData("""{"variants":[],"seed":-1}""", "wrong type")]
    [InlineData("""{"variants":[],"timeout_seconds":1e99}""", "wrong type")]
    [InlineData("", "is not valid")]
    public void A_malformed_plan_is_an_init_error_that_names_the_file_and_says_what_is_wrong(string json, string expected)
    {
        var path = PlanFile(json);

        var e = Assert.Throws<AgentException>(() => InitMode.ReadPlan(path));

        Assert.Equal("init", e.Stage);
        Assert.StartsWith($"the init plan {path} ", e.Message);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_error_frame_payload_is_json_whatever_the_message_holds()
    {
        var message = "quote \" backslash \\ newline \n ünï <tag>";

        using var doc = JsonDocument.Parse(InitMessages.Error(message));

        Assert.Equal(message, doc.RootElement.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("console=ttyS0 mptcpmatrix.trace=1\n", true)]
    [InlineData("mptcpmatrix.trace=1", true)]
    [InlineData("mptcpmatrix.trace=10 mptcpmatrix.trace=1 quiet", true)]
    [InlineData("mptcpmatrix.trace=10 xmptcpmatrix.trace=1", false)]
    [InlineData("console=ttyS0\n", false)]
    public void The_boot_trace_switch_is_one_exact_word(string cmdline, bool expected)
    {
        Assert.Equal(expected, KernelCommandLine.Has(cmdline, BootTrace.Parameter));
    }
}
