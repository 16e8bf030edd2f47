using System.Text;
using System.Text.Json;
using MptcpMatrix.Contracts;

namespace MptcpMatrix.Agent.Tests.Contract;

/// <summary>
/// The agent writes its report with the hand-written <see cref="AgentReportJson"/>; the orchestrator reads it with
/// <see cref="ContractJson"/>. Both must produce the same bytes, so the contract is one document, not two.
/// </summary>
public sealed class ReportJsonTests
{
    [Fact]
    public void The_agents_hand_written_writer_produces_byte_identical_json_to_the_contract_context()
    {
        foreach (var report in Reports())
        {
            var contract = JsonSerializer.SerializeToUtf8Bytes(report, ContractJson.Default.AgentReport);
            var agent = Encoding.UTF8.GetBytes(ReportWriter.ToJson(report));

            Assert.Equal(Encoding.UTF8.GetString(contract), Encoding.UTF8.GetString(agent));
            Assert.Equal(contract, agent);
        }
    }

    [Fact]
    public void The_compact_report_of_a_vm_frame_is_the_contract_json_without_indentation()
    {
        var compactContract = new JsonSerializerOptions(ContractJson.Default.Options) { WriteIndented = false };
        foreach (var report in Reports())
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            ReportWriter.WriteUtf8(report, buffer, indented: false);

            Assert.Equal(JsonSerializer.Serialize(report, compactContract.GetTypeInfo(typeof(AgentReport))), Encoding.UTF8.GetString(buffer.WrittenSpan));
        }
    }

    [Fact]
    public void Every_outcome_is_written_as_the_contract_names_it()
    {
        foreach (var outcome in Enum.GetValues<CheckOutcome>())
            Assert.Equal(JsonSerializer.Serialize(outcome, ContractJson.Default.Options), $"\"{AgentReportJson.Name(outcome)}\"");
    }

    [Theory]
    [InlineData(16 * 1024)]
    [InlineData(64)]
    [InlineData(1)]
    public void The_streamed_report_is_the_contract_json_and_a_newline_whatever_the_chunk_size(int chunkSize)
    {
        foreach (var report in Reports())
        {
            var expected = JsonSerializer.SerializeToUtf8Bytes(report, ContractJson.Default.AgentReport).Concat("\n"u8.ToArray()).ToArray();
            var written = new MemoryStream();
            var chunks = 0;
            ReportWriter.WriteTo(report, chunk =>
            {
                chunks++;
                written.Write(chunk);
            }, chunkSize);

            Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(written.ToArray()));
            Assert.True(chunkSize > expected.Length || chunks > 1, $"{expected.Length} bytes in {chunks} chunk(s) of {chunkSize}");
        }
    }

    [Fact]
    public void What_the_agent_writes_reads_back_with_the_contract_context_unchanged()
    {
        foreach (var report in Reports())
        {
            var json = ReportWriter.ToJson(report);
            var back = JsonSerializer.Deserialize(json, ContractJson.Default.AgentReport)!;

            Assert.Equal(json, JsonSerializer.Serialize(back, ContractJson.Default.AgentReport));
            Assert.Equal(report.Families.Sum(f => f.Checks.Count), back.Families.Sum(f => f.Checks.Count));
            // Every field of every check survives: a field the writer forgets reads back null.
            Assert.Equal(report.Families.SelectMany(f => f.Checks), back.Families.SelectMany(f => f.Checks));
        }
    }

    /// <summary>Every outcome, null and non-null optional fields, escaping (quotes, control characters, non-ASCII,
    /// HTML-sensitive characters the default encoder escapes), an empty and a full sysctl map.</summary>
    private static IEnumerable<AgentReport> Reports()
    {
        var checks = new List<CheckResult>
        {
            new("setup.connect", CheckOutcome.Pass, "getpeername 0: 127.0.0.1 port 1", "getpeername 0", DurationMs: 0.123),
            new("client.initial.tcpinfo.size_user", CheckOutcome.Fail, "232", "\"quoted\" <tag> & 'x' +1\n\ttab", "EINVAL"),
            new("client.initial.full_info.call", CheckOutcome.Unsupported, Errno: "EOPNOTSUPP", Reason: "before 6.5: ünïcödé ✓",
                Feature: "mptcp_full_info", Since: "6.5", Commit: "aa5ab72f2e2f", Expectation: Expectation.ExpectedUnsupported),
            new("client.initial.mptcp_info.call", CheckOutcome.Fail, Errno: "EOPNOTSUPP", Feature: "mptcp_info", Since: "5.16",
                Expectation: Expectation.Regression),
            new("setup.timeout", CheckOutcome.Error, Errno: "ETIMEDOUT", Reason: "control \u0001 char", DurationMs: 15000),
            new("sockopts.tcp_keepidle.connected", CheckOutcome.Pass, "as on TCP", "supported", Feature: "tcp_keepalive_options", Since: "6.10",
                Commit: "bd11dc4fb969", Backport: "6.1.94"),
        };
        var families = new List<FamilyRun>
        {
            new("ipv4", CheckOutcome.Fail, checks, 1.5),
            new("ipv6", CheckOutcome.Unsupported, [], 0, "no MPTCP over IPv6 here"),
        };
        var sysctls = new Dictionary<string, string> { ["net.mptcp.enabled"] = "1", ["net.mptcp.scheduler"] = "default" };
        yield return new AgentReport(AgentReport.CurrentSchemaVersion, "0.1.0",
            new KernelInfo("6.1.0-47-cloud-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.x (2025-01-01)", "x86_64", sysctls,
                "6.1.123", "uname -v (Debian package version)"),
            ulong.MaxValue, 15432, "mptcp-disabled", new Dictionary<string, string> { ["net.mptcp.enabled"] = "0" },
            new DateTimeOffset(2026, 11, 24, 15, 0, 0, 123, TimeSpan.Zero), 3.4, CheckOutcome.Fail, families);
        yield return new AgentReport(AgentReport.CurrentSchemaVersion, "0.1.0",
            new KernelInfo("unknown", "unknown", "unknown", new Dictionary<string, string>()),
            0, null, null, new Dictionary<string, string>(), DateTimeOffset.UnixEpoch, 0, CheckOutcome.Pass, []);
    }
}
