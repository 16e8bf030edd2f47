using System.Text;
using System.Text.Json;
using MptcpMatrix.Agent.Host;
using MptcpMatrix.Agent.Init;
using MptcpMatrix.Contracts;

namespace MptcpMatrix.Agent.Tests.Integration;

public sealed class InitPlanTests
{
    [Theory]
    [InlineData("default")]
    [InlineData("mptcp-disabled")]
    [InlineData("a")]
    [InlineData("ab?>~")]
    public void An_init_plan_on_the_kernel_command_line_is_decoded_from_unpadded_base64url(string name)
    {
        var plan = new InitPlan(
            [
                new InitVariant(name, ["ipv4", "ipv6"], new Dictionary<string, string>()),
                new InitVariant("off", ["ipv6"], new Dictionary<string, string> { ["net.mptcp.enabled"] = "0" }),
            ],
            Seed: 18446744073709551615UL, TimeoutSeconds: 30, ResultDevice: "/dev/ttyS1");
        var token = Base64Url(JsonSerializer.Serialize(plan, ContractJson.Default.InitPlan));
        var cmdline = $"console=ttyS0 quiet panic=-1 rdinit=/init {InitMode.PlanParameter}{token} reboot=t\n";

        var read = InitMode.ReadPlan(cmdline);

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
    public void The_base64url_alphabet_and_missing_padding_are_exercised_by_the_plans_above()
    {
        var tokens = new[] { "default", "mptcp-disabled", "a", "ab?>~" }.Select(n => Base64Url(
            JsonSerializer.Serialize(new InitPlan([new InitVariant(n, ["ipv4", "ipv6"], new Dictionary<string, string>())]), ContractJson.Default.InitPlan)))
            .ToList();

        Assert.Contains(tokens, t => t.Contains('-', StringComparison.Ordinal) || t.Contains('_', StringComparison.Ordinal));
        Assert.Contains(tokens, t => t.Length % 4 != 0);
    }

    [Fact]
    public void A_plan_without_seed_or_device_gets_the_defaults()
    {
        var token = Base64Url("""{"variants":[{"name":"v","families":["ipv4"],"sysctls":{}}]}""");

        var plan = InitMode.ReadPlan(InitMode.PlanParameter + token);

        Assert.Null(plan.Seed);
        Assert.Equal(15, plan.TimeoutSeconds);
        Assert.Equal("/dev/ttyS1", plan.ResultDevice);
    }

    [Fact]
    public void A_kernel_command_line_without_a_plan_is_an_agent_error_naming_the_parameter()
    {
        var e = Assert.Throws<AgentException>(() => InitMode.ReadPlan("console=ttyS0 quiet\n"));

        Assert.Contains("mptcpmatrix.plan=", e.Message, StringComparison.Ordinal);
        Assert.Equal("init", e.Stage);
    }

    [Fact]
    public void The_plan_reader_skips_unknown_members_and_takes_a_null_seed()
    {
        var token = Base64Url("""{"future":{"a":[1,{"b":null}]},"variants":[{"name":"v","extra":true,"families":["ipv6"],"sysctls":{"net.mptcp.enabled":"0"}}],"seed":null,"timeout_seconds":7,"result_device":"/dev/ttyS2"}""");

        var plan = InitMode.ReadPlan(InitMode.PlanParameter + token);

        Assert.Equal("v", Assert.Single(plan.Variants).Name);
        Assert.Equal(["ipv6"], plan.Variants[0].Families);
        Assert.Equal("0", plan.Variants[0].Sysctls["net.mptcp.enabled"]);
        Assert.Null(plan.Seed);
        Assert.Equal(7, plan.TimeoutSeconds);
        Assert.Equal("/dev/ttyS2", plan.ResultDevice);
    }

    [Theory]
    [InlineData("""{"variants":[{"name":"v","families":["ipv4"]}]""", "not valid JSON")]
    [InlineData("""{"seed":1}""", "the plan has no variants")]
    [InlineData("""{"variants":[{"families":["ipv4"],"sysctls":{}}]}""", "a variant has no name")]
    [InlineData("""{"variants":[{"name":"v","sysctls":{}}]}""", "variant v has no families")]
    [InlineData("""{"variants":{"name":"v"}}""", "variants must be an array")]
    [InlineData("""{"variants":[{"name":"v","families":["ipv4"]}],"timeout_seconds":"15"}""", "wrong type")]
    [InlineData("""{"variants":[]} []""", "not valid JSON")]
    [InlineData("""{"variants":[],"seed":-1}""", "wrong type")]
    [InlineData("""{"variants":[],"timeout_seconds":1e99}""", "wrong type")]
    public void A_malformed_plan_is_an_init_error_that_says_what_is_wrong(string json, string expected)
    {
        var e = Assert.Throws<AgentException>(() => InitMode.ReadPlan(InitMode.PlanParameter + Base64Url(json)));

        Assert.Equal("init", e.Stage);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plan_that_is_not_base64url_is_an_init_error()
    {
        var e = Assert.Throws<AgentException>(() => InitMode.ReadPlan(InitMode.PlanParameter + "%%%"));

        Assert.Contains("not base64url", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_error_frame_payload_is_json_whatever_the_message_holds()
    {
        var message = "quote \" backslash \\ newline \n ünï <tag>";

        using var doc = JsonDocument.Parse(InitMode.ErrorPayload(message));

        Assert.Equal(message, doc.RootElement.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("mptcpmatrix.plan=abc", "abc")]
    [InlineData("console=ttyS0 mptcpmatrix.plan=abc quiet\n", "abc")]
    [InlineData("console=ttyS0\tmptcpmatrix.plan=abc\n", "abc")]
    [InlineData("xmptcpmatrix.plan=no mptcpmatrix.plan=yes", "yes")]
    [InlineData("mptcpmatrix.plan=\n", "")]
    [InlineData("console=ttyS0 quiet\n", null)]
    [InlineData("xmptcpmatrix.plan=no", null)]
    public void A_kernel_parameter_is_found_only_as_a_whole_word(string cmdline, string? expected)
    {
        Assert.Equal(expected, KernelCommandLine.Value(cmdline, InitMode.PlanParameter));
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

    private static string Base64Url(string json) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
