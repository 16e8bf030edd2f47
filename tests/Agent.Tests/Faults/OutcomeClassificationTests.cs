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
    public void A_kernel_at_5_16_or_later_that_refuses_every_SOL_MPTCP_option_fails_them_as_regressions()
    {
        var api = new FaultInjectingSocketApi(LinuxSocketApi.Instance)
            .On(CallKind.GetSockOpt, c => c.Level == SOL_MPTCP, Fault.Refuse(Errno.EOPNOTSUPP));

        var run = RealRun.Family(api, AddressFamily.IPv4, judge: RealRun.As("6.12.95"));

        var mptcp = run.Checks.Where(c => MptcpGroups.Any(g => c.Id.Contains(g, StringComparison.Ordinal))).ToList();
        Assert.NotEmpty(mptcp);
        Assert.All(mptcp, c => Assert.Equal(CheckOutcome.Fail, c.Outcome));
        Assert.All(mptcp, c => Assert.Equal(Expectation.Regression, c.Expectation));
        Assert.All(mptcp, c => Assert.Equal("EOPNOTSUPP", c.Errno ?? "EOPNOTSUPP"));
        var info = Assert.Single(run.Checks, c => c.Id == "client.initial.mptcp_info.call");
        Assert.Contains("missing on Linux 6.12.95", info.Reason, StringComparison.Ordinal);
        Assert.Contains("55c42fa7fa33", info.Expected, StringComparison.Ordinal);
        // not a fallback: TCP_IS_MPTCP, SO_PROTOCOL and the counters still say MPTCP
        Assert.Contains(run.Checks, c => c.Id == "client.connection.mptcp" && c.Outcome == CheckOutcome.Pass);
        Assert.Contains(run.Checks, c => c.Id == "client.echo.payload" && c.Outcome == CheckOutcome.Pass);
        Assert.Equal(CheckOutcome.Fail, run.Verdict);
        Assert.Equal(1, Verdicts.ExitCode(run.Verdict));
    }

    [Fact]
    public void A_kernel_older_than_5_16_that_refuses_every_SOL_MPTCP_option_has_them_expected_unsupported()
    {
        var api = new FaultInjectingSocketApi(LinuxSocketApi.Instance)
            .On(CallKind.GetSockOpt, c => c.Level == SOL_MPTCP, Fault.Refuse(Errno.EOPNOTSUPP));

        var run = RealRun.Family(api, AddressFamily.IPv6, judge: RealRun.As("5.15.170"));

        var mptcp = run.Checks.Where(c => MptcpGroups.Any(g => c.Id.Contains(g, StringComparison.Ordinal))).ToList();
        Assert.NotEmpty(mptcp);
        Assert.All(mptcp, c => Assert.Equal(CheckOutcome.Unsupported, c.Outcome));
        Assert.All(mptcp, c => Assert.Equal(Expectation.ExpectedUnsupported, c.Expectation));
        Assert.Contains(run.Checks, c => c.Id == "client.initial.full_info.call" && c.Reason!.Contains("added in Linux 6.5, commit 492432074e4f", StringComparison.Ordinal));
        Assert.Contains(run.Checks, c => c.Id == "client.echo.rcv_nxt_delta" && c.Expectation == Expectation.ExpectedUnsupported);
        Assert.DoesNotContain(run.Checks, c => c.Outcome is CheckOutcome.Fail or CheckOutcome.Error);
        Assert.Equal(CheckOutcome.Pass, run.Verdict);
    }

    [Fact]
    public void MPTCP_FULL_INFO_refused_on_6_1_is_expected_unsupported_with_the_release_that_added_it()
    {
        var api = new FaultInjectingSocketApi(LinuxSocketApi.Instance)
            .On(CallKind.GetSockOpt, c => c.Level == SOL_MPTCP && c.OptName == MPTCP_FULL_INFO, Fault.Refuse(Errno.EOPNOTSUPP))
            .On(CallKind.GetSockOpt, c => c.Level == SOL_MPTCP && c.OptName == MPTCP_INFO && c.LengthIn > 48, Fault.After((Span<byte> _, ref int l) => l = 48));

        var run = RealRun.Family(api, AddressFamily.IPv6, judge: RealRun.As("6.1.176"));

        var notPass = run.Checks.Where(c => c.Outcome != CheckOutcome.Pass).ToList();
        Assert.Equal(4, notPass.Count(c => c.Id.EndsWith(".full_info.call", StringComparison.Ordinal))); // two sides, two rounds
        Assert.All(notPass, c => Assert.True(c.Id.Contains(".full_info.", StringComparison.Ordinal) || c.Id.Contains(".mptcp_info.counters.bytes", StringComparison.Ordinal), c.Id));
        Assert.All(notPass, c => Assert.Equal(CheckOutcome.Unsupported, c.Outcome));
        Assert.All(notPass, c => Assert.Equal(Expectation.ExpectedUnsupported, c.Expectation));
        Assert.All(notPass, c => Assert.Equal("6.5", c.Since));
        Assert.Contains(notPass, c => c.Reason!.Contains("this kernel is 6.1.176", StringComparison.Ordinal));
        Assert.Equal(CheckOutcome.Pass, run.Verdict);
    }

    [Fact]
    public void MPTCP_FULL_INFO_refused_on_6_5_or_later_is_a_regression_though_the_latest_reference_would_skip_it()
    {
        var api = new FaultInjectingSocketApi(LinuxSocketApi.Instance)
            .On(CallKind.GetSockOpt, c => c.Level == SOL_MPTCP && c.OptName == MPTCP_FULL_INFO, Fault.Refuse(Errno.EOPNOTSUPP));

        var run = RealRun.Family(api, AddressFamily.IPv4, judge: RealRun.As("6.12"));

        var call = Assert.Single(run.Checks, c => c.Id == "server.final.full_info.call");
        Assert.Equal(CheckOutcome.Fail, call.Outcome);
        Assert.Equal(Expectation.Regression, call.Expectation);
        Assert.Equal(CheckOutcome.Fail, run.Verdict);
    }

    [Fact]
    public void A_48_byte_mptcp_info_on_a_6_5_kernel_fails_the_byte_counters_as_a_regression()
    {
        var api = new FaultInjectingSocketApi(LinuxSocketApi.Instance)
            .On(CallKind.GetSockOpt, c => c.Level == SOL_MPTCP && c.OptName == MPTCP_INFO && c.LengthIn > 48,
                Fault.After((Span<byte> _, ref int l) => l = 48));

        var run = RealRun.Family(api, AddressFamily.IPv4, judge: RealRun.As("6.5.0"));

        var notPass = run.Checks.Where(c => c.Outcome != CheckOutcome.Pass).ToList();
        Assert.True(notPass.Count >= 4, $"only {notPass.Count} checks are not pass"); // at least one per side and round
        Assert.All(notPass, c => Assert.True(c.Id.Contains(".mptcp_info.counters.bytes", StringComparison.Ordinal) || c.Id.EndsWith(".full_info.counters", StringComparison.Ordinal), c.Id));
        Assert.All(notPass, c => Assert.Equal(Expectation.Regression, c.Expectation));
        Assert.Contains(notPass, c => c.Observed!.Contains("48 bytes", StringComparison.Ordinal));
        Assert.Equal(CheckOutcome.Fail, run.Verdict);
    }

    [Fact]
    public void A_feature_that_works_on_a_kernel_older_than_its_release_passes_marked_earlier_than_upstream()
    {
        var run = RealRun.Family(LinuxSocketApi.Instance, AddressFamily.IPv4, judge: RealRun.As("6.1.176"));

        var full = run.Checks.Where(c => c.Feature == "mptcp_full_info").ToList();
        Assert.NotEmpty(full);
        Assert.All(full, c => Assert.Equal(CheckOutcome.Pass, c.Outcome));
        Assert.All(full, c => Assert.Equal(Expectation.EarlierThanUpstream, c.Expectation));
        Assert.All(run.Checks.Where(c => c.Feature == "mptcp_info"), c => Assert.Null(c.Expectation)); // 5.16 <= 6.1
        Assert.Equal(CheckOutcome.Pass, run.Verdict);
    }

    [Fact]
    public void On_a_kernel_of_unknown_version_a_refused_feature_is_unsupported_by_errno_alone_and_labelled_so()
    {
        var api = new FaultInjectingSocketApi(LinuxSocketApi.Instance)
            .On(CallKind.GetSockOpt, c => c.Level == SOL_MPTCP && c.OptName == MPTCP_FULL_INFO, Fault.Refuse(Errno.EOPNOTSUPP));

        var run = RealRun.Family(api, AddressFamily.IPv4, judge: RealRun.As(null));

        var full = run.Checks.Where(c => c.Feature == "mptcp_full_info").ToList();
        Assert.All(full, c => Assert.Equal(CheckOutcome.Unsupported, c.Outcome));
        Assert.All(full, c => Assert.Equal(Expectation.UnknownVersion, c.Expectation));
        Assert.Contains("judged by errno alone", full[0].Reason, StringComparison.Ordinal);
        Assert.Equal(CheckOutcome.Pass, run.Verdict);
    }

    [Fact]
    public void A_connection_that_fell_back_fails_every_SOL_MPTCP_check_as_fell_back_not_unsupported()
    {
        // what a fallen-back connection looks like on 6.10+: TCP_IS_MPTCP 0, SOL_MPTCP passed to TCP (EOPNOTSUPP)
        var api = new FaultInjectingSocketApi(LinuxSocketApi.Instance)
            .On(CallKind.GetSockOpt, c => c.Level == SOL_TCP && c.OptName == TCP_IS_MPTCP,
                Fault.After((Span<byte> v, ref int _) => v[0] = 0))
            .On(CallKind.GetSockOpt, c => c.Level == SOL_MPTCP, Fault.Refuse(Errno.EOPNOTSUPP));

        var run = RealRun.Family(api, AddressFamily.IPv4, judge: RealRun.As("5.15")); // even where the kernel predates them

        var connection = Assert.Single(run.Checks, c => c.Id == "client.connection.mptcp");
        Assert.Equal(CheckOutcome.Fail, connection.Outcome);
        Assert.Equal(Expectation.FellBack, connection.Expectation);
        var mptcp = run.Checks.Where(c => MptcpGroups.Any(g => c.Id.Contains(g, StringComparison.Ordinal))).ToList();
        Assert.All(mptcp, c => Assert.Equal(Expectation.FellBack, c.Expectation));
        Assert.All(mptcp, c => Assert.Equal(CheckOutcome.Fail, c.Outcome));
        Assert.Contains("fell back to TCP", run.Reason, StringComparison.Ordinal);
        Assert.Equal(CheckOutcome.Fail, run.Verdict);
    }

    [Fact]
    public void IP_TOS_refused_with_EOPNOTSUPP_is_expected_unsupported_before_5_17_and_a_regression_after()
    {
        var before = RealRun.Family(RefuseTos(), AddressFamily.IPv4, judge: RealRun.As("5.16.20"));
        var after = RealRun.Family(RefuseTos(), AddressFamily.IPv4, judge: RealRun.As("6.1.176"));

        var tos = before.Checks.Where(c => c.Id.StartsWith("client.ip_tos.", StringComparison.Ordinal)).ToList();
        Assert.Contains(tos, c => c.Id == "client.ip_tos.roundtrip");
        Assert.All(tos, c => Assert.Equal((CheckOutcome.Unsupported, Expectation.ExpectedUnsupported), (c.Outcome, c.Expectation!.Value)));
        Assert.Equal(CheckOutcome.Pass, before.Verdict);
        Assert.All(after.Checks.Where(c => c.Id.StartsWith("client.ip_tos.", StringComparison.Ordinal)),
            c => Assert.Equal((CheckOutcome.Fail, Expectation.Regression), (c.Outcome, c.Expectation!.Value)));
        Assert.Equal(CheckOutcome.Fail, after.Verdict);

        static FaultInjectingSocketApi RefuseTos() => new FaultInjectingSocketApi(LinuxSocketApi.Instance)
            .On(CallKind.SetSockOpt, c => c.Level == SOL_IP && c.OptName == IP_TOS, Fault.RefuseIo(Errno.EOPNOTSUPP));
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
