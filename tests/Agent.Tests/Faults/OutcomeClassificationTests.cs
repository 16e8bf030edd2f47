using MptcpMatrix.Agent.Selftest;
using MptcpMatrix.Agent.Sockets;
using MptcpMatrix.Contracts;
using static MptcpMatrix.Agent.Native.SocketConstants;
using Errno = Interop.Errno;

namespace MptcpMatrix.Agent.Tests.Faults;

public sealed class OutcomeClassificationTests
{
    private static readonly string[] MptcpGroups = [".mptcp_info.", ".tcpinfo.", ".subflow_addrs.", ".full_info."];

    [Fact]
    public void A_kernel_that_refuses_every_SOL_MPTCP_option_with_EOPNOTSUPP_makes_those_groups_unsupported_not_failed()
    {
        var api = new FaultInjectingSocketApi(LinuxSocketApi.Instance)
            .On(CallKind.GetSockOpt, c => c.Level == SOL_MPTCP, Fault.Refuse(Errno.EOPNOTSUPP));

        var run = RealRun.Family(api, AddressFamily.IPv4);

        var mptcp = run.Checks.Where(c => MptcpGroups.Any(g => c.Id.Contains(g, StringComparison.Ordinal))).ToList();
        Assert.NotEmpty(mptcp);
        Assert.All(mptcp, c => Assert.Equal(CheckOutcome.Unsupported, c.Outcome));
        Assert.All(mptcp, c => Assert.Equal("EOPNOTSUPP", c.Errno));
        Assert.Contains(run.Checks, c => c.Id == "client.initial.full_info.call" && c.Reason!.Contains("MPTCP_FULL_INFO", StringComparison.Ordinal));
        Assert.Contains(run.Checks, c => c.Id == "client.echo.rcv_nxt_delta" && c.Outcome == CheckOutcome.Unsupported);
        Assert.DoesNotContain(run.Checks, c => c.Outcome is CheckOutcome.Fail or CheckOutcome.Error);
        Assert.Contains(run.Checks, c => c.Id == "client.echo.payload" && c.Outcome == CheckOutcome.Pass);
        Assert.Equal(CheckOutcome.Pass, run.Verdict);
        Assert.Equal(0, Verdicts.ExitCode(run.Verdict));
    }

    [Fact]
    public void A_kernel_without_MPTCP_FULL_INFO_like_6_1_has_only_that_group_unsupported()
    {
        var api = new FaultInjectingSocketApi(LinuxSocketApi.Instance)
            .On(CallKind.GetSockOpt, c => c.Level == SOL_MPTCP && c.OptName == MPTCP_FULL_INFO, Fault.Refuse(Errno.EOPNOTSUPP));

        var run = RealRun.Family(api, AddressFamily.IPv6);

        var notPass = run.Checks.Where(c => c.Outcome != CheckOutcome.Pass).ToList();
        Assert.Equal(4, notPass.Count(c => c.Id.EndsWith(".full_info.call", StringComparison.Ordinal))); // two sides, two rounds
        Assert.All(notPass, c => Assert.Contains(".full_info.", c.Id, StringComparison.Ordinal));
        Assert.All(notPass, c => Assert.Equal(CheckOutcome.Unsupported, c.Outcome));
        Assert.Equal(CheckOutcome.Pass, run.Verdict);
    }

    [Fact]
    public void A_48_byte_mptcp_info_makes_the_byte_counters_unsupported()
    {
        var api = new FaultInjectingSocketApi(LinuxSocketApi.Instance)
            .On(CallKind.GetSockOpt, c => c.Level == SOL_MPTCP && c.OptName == MPTCP_INFO && c.LengthIn > 48,
                Fault.After((Span<byte> _, ref int l) => l = 48));

        var run = RealRun.Family(api, AddressFamily.IPv4);

        var notPass = run.Checks.Where(c => c.Outcome != CheckOutcome.Pass).ToList();
        Assert.True(notPass.Count >= 4, $"only {notPass.Count} checks are not pass"); // at least one per side and round
        Assert.All(notPass, c => Assert.Contains(".mptcp_info.counters.bytes", c.Id, StringComparison.Ordinal));
        Assert.All(notPass, c => Assert.Equal(CheckOutcome.Unsupported, c.Outcome));
        Assert.All(notPass, c => Assert.Contains("48 bytes", c.Reason, StringComparison.Ordinal));
        Assert.Equal(CheckOutcome.Pass, run.Verdict);
    }

    [Fact]
    public void IP_TOS_refused_with_EOPNOTSUPP_is_unsupported()
    {
        var api = new FaultInjectingSocketApi(LinuxSocketApi.Instance)
            .On(CallKind.SetSockOpt, c => c.Level == SOL_IP && c.OptName == IP_TOS, Fault.RefuseIo(Errno.EOPNOTSUPP));

        var run = RealRun.Family(api, AddressFamily.IPv4);

        var tos = run.Checks.Where(c => c.Id.StartsWith("client.ip_tos.", StringComparison.Ordinal)).ToList();
        Assert.Contains(tos, c => c.Id == "client.ip_tos.roundtrip");
        Assert.All(tos, c => Assert.Equal(CheckOutcome.Unsupported, c.Outcome));
        Assert.All(tos, c => Assert.Equal("EOPNOTSUPP", c.Errno));
        Assert.DoesNotContain(run.Checks, c => c.Outcome is not (CheckOutcome.Pass or CheckOutcome.Unsupported));
        Assert.Equal(CheckOutcome.Pass, run.Verdict);
    }

    [Fact]
    public void An_echo_read_that_times_out_is_an_error_and_the_agent_exits_2()
    {
        var api = new FaultInjectingSocketApi(LinuxSocketApi.Instance)
            .On(CallKind.Read, Fault.Io(Side.Connecting), (call, buffer, _) =>
            {
                // drain the echo first, so that the early close sends a FIN, not a reset the server would notice
                while (LinuxSocketApi.Instance.Read(call.Fd, buffer, Deadline.After(TimeSpan.FromMilliseconds(200))).Value > 0)
                {
                }

                return SysResult.Failure(Errno.ETIMEDOUT);
            });

        var run = RealRun.Family(api, AddressFamily.IPv4);

        var length = Assert.Single(run.Checks, c => c.Id == "client.echo.length");
        Assert.Equal(CheckOutcome.Error, length.Outcome);
        Assert.Equal("ETIMEDOUT", length.Errno);
        Assert.Contains("deadline", length.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(run.Checks, c => c.Outcome == CheckOutcome.Fail);
        Assert.Equal(CheckOutcome.Error, run.Verdict);
        Assert.Equal(2, Verdicts.ExitCode(Verdicts.Combine([CheckOutcome.Pass, run.Verdict])));
    }

    [Fact]
    public void Outcomes_combine_fail_over_error_over_pass_over_unsupported_and_map_to_exit_codes()
    {
        Assert.Equal(CheckOutcome.Fail, Verdicts.Combine([CheckOutcome.Pass, CheckOutcome.Error, CheckOutcome.Fail, CheckOutcome.Unsupported]));
        Assert.Equal(CheckOutcome.Error, Verdicts.Combine([CheckOutcome.Pass, CheckOutcome.Error, CheckOutcome.Unsupported]));
        Assert.Equal(CheckOutcome.Pass, Verdicts.Combine([CheckOutcome.Pass, CheckOutcome.Unsupported]));
        Assert.Equal(CheckOutcome.Unsupported, Verdicts.Combine([CheckOutcome.Unsupported, CheckOutcome.Unsupported]));
        Assert.Equal(CheckOutcome.Unsupported, Verdicts.Combine([]));
        Assert.Equal(0, Verdicts.ExitCode(CheckOutcome.Pass));
        Assert.Equal(0, Verdicts.ExitCode(CheckOutcome.Unsupported));
        Assert.Equal(1, Verdicts.ExitCode(CheckOutcome.Fail));
        Assert.Equal(2, Verdicts.ExitCode(CheckOutcome.Error));
    }
}
