using System.Text;
using MptcpMatrix.Orchestrator.Commands;
using MptcpMatrix.Orchestrator.Config;
using MptcpMatrix.Orchestrator.Tests.Support;

namespace MptcpMatrix.Orchestrator.Tests.Config;

/// <summary>
/// Sysctl keys and values reach the agent's argv, virtme's shell command and /proc/sys: anything that could change what
/// is run or written is a load error with its position, never an infra-error at run time.
/// </summary>
public sealed class SysctlValidationTests
{
    private const string Head = "kernels: [{name: host, source: host}]\nsysctls:\n  - name: v\n    values:\n";

    private static ConfigError SingleError(string values)
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load(Head + values, "/tmp/m.yml", "m.yml"));
        Assert.True(e.Errors.Count == 1, "expected one error, got: " + string.Join(" / ", e.Errors));
        Assert.DoesNotContain('\n', e.Errors[0].ToString());
        return e.Errors[0];
    }

    [Theory]
    [InlineData("      net.mptcp.enabled: \"0; reboot\"\n", 26, "contains ';' at character 2")]
    [InlineData("      net.mptcp.enabled: \"0\\n1\"\n", 26, "contains a line break at character 2")]
    [InlineData("      net.mptcp.enabled: \"0\\u0007\"\n", 26, "contains the control character U+0007 at character 2")]
    [InlineData("      net.mptcp.enabled: \"ön\"\n", 26, "contains 'ö' (U+00F6, not ASCII) at character 1")]
    [InlineData("      net.mptcp.enabled: \"$(id)\"\n", 26, "contains '$' at character 1")]
    [InlineData("      net.mptcp.enabled: \"\"\n", 26, "is empty")]
    [InlineData("      net.mptcp.enabled: \" 1\"\n", 26, "starts or ends with a blank")]
    public void A_value_that_could_change_what_is_run_or_written_is_refused_at_its_position(string values, int column, string problem)
    {
        var error = SingleError(values);

        Assert.Equal((5, column), (error.Line, error.Column));
        Assert.StartsWith($"variant 'v': the value of 'net.mptcp.enabled' {problem}; valid: words of letters, digits and . _ - + : / , separated by spaces", error.Message);
    }

    [Theory]
    [InlineData("\"net.mptcp.enabled\\n\"", "'net.mptcp.enabled\\n'")]
    [InlineData("kernel.panic", "'kernel.panic'")]
    [InlineData("net", "'net'")]
    [InlineData("net..mptcp", "'net..mptcp'")]
    [InlineData("\"net.mptcp.enabled;x\"", "'net.mptcp.enabled;x'")]
    [InlineData("\"net/mptcp/enabled\"", "'net/mptcp/enabled'")]
    public void A_key_that_is_not_a_net_dotted_path_is_refused_naming_it_and_what_is_valid(string key, string shown)
    {
        var error = SingleError($"      {key}: 1\n");

        Assert.Equal((5, 7), (error.Line, error.Column));
        Assert.Equal($"variant 'v': sysctl key: {shown} is not valid; expected a net.* sysctl such as net.mptcp.enabled (only net.* sysctls are per network namespace)",
            error.Message);
    }

    [Fact]
    public void Numbers_names_and_blank_separated_lists_are_valid_values()
    {
        var config = ConfigLoader.Load(Head + "      net.mptcp.enabled: 0\n      net.ipv4.tcp_congestion_control: cubic\n      net.ipv4.tcp_rmem: \"4096 131072 6291456\"\n" +
            "      net.ipv6.conf.all.stable_secret: \"2001:db8::1\"\n", "/tmp/m.yml");

        var values = Assert.Single(config.Sysctls).Values;
        Assert.Equal(["0", "cubic", "4096 131072 6291456", "2001:db8::1"],
            new[] { "net.mptcp.enabled", "net.ipv4.tcp_congestion_control", "net.ipv4.tcp_rmem", "net.ipv6.conf.all.stable_secret" }.Select(k => values[k]));
    }

    [Fact]
    public void A_byte_that_is_not_utf8_is_refused_with_its_line_and_column_not_replaced()
    {
        var bytes = Encoding.UTF8.GetBytes(Head + "      net.mptcp.scheduler: \"ä").Concat(new byte[] { 0xFF, (byte)'"', (byte)'\n' }).ToArray();

        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load(bytes, "/tmp/m.yml", "m.yml"));

        var error = Assert.Single(e.Errors);
        Assert.Equal("m.yml:5:30: byte 0xFF is not UTF-8; a matrix file must be UTF-8 text (save it as UTF-8)", error.ToString());
    }

    [Fact]
    public void A_file_with_bad_sysctls_makes_plan_exit_2_before_anything_starts()
    {
        using var dir = new TempDir();
        var file = Path.Combine(dir.Path, "matrix.yml");
        File.WriteAllBytes(file, [.. Encoding.UTF8.GetBytes(Head + "      net.mptcp.enabled: \"1\\nnet.ipv4.ip_forward=1\"\n      net.mptcp.x: \""), 0xC3, (byte)'"', (byte)'\n']);
        var stderr = new StringWriter();

        Assert.Equal(2, PlanCommand.Run(new PlanOptions(file), TextWriter.Null, stderr));

        Assert.StartsWith($"error: {file}:6:21: byte 0xC3 is not UTF-8", stderr.ToString());
        File.WriteAllText(file, Head + "      net.mptcp.enabled: \"1\\nnet.ipv4.ip_forward=1\"\n");
        stderr = new StringWriter();
        Assert.Equal(2, PlanCommand.Run(new PlanOptions(file), TextWriter.Null, stderr));
        Assert.StartsWith($"error: {file}:5:26: variant 'v': the value of 'net.mptcp.enabled' contains a line break at character 2", stderr.ToString());
    }
}
