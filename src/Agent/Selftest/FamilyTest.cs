using System.Diagnostics;
using MptcpMatrix.Agent.Checks;
using MptcpMatrix.Agent.Expectations;
using MptcpMatrix.Agent.Host;
using MptcpMatrix.Agent.Sockets;
using MptcpMatrix.Contracts;

namespace MptcpMatrix.Agent.Selftest;

/// <summary>
/// One family's selftest: listener and client sockets are made on the calling thread (so they live in its network
/// namespace), then the accepting side runs on a second thread and the connecting side on the calling one, bounded by
/// one deadline.
/// </summary>
internal sealed class FamilyTest(ISocketApi api, AddressFamily family, ulong seed, int port, TimeSpan timeout, ExpectationJudge judge)
{
    public FamilyRun Run()
    {
        var started = Stopwatch.GetTimestamp();
        var deadline = Deadline.After(timeout);
        var setup = new CheckLog(judge);
        var clientLog = new CheckLog(judge);
        var serverLog = new CheckLog(judge);
        string? reason = null;
        try
        {
            reason = RunSides(deadline, setup, clientLog, serverLog);
        }
        catch (SetupException e)
        {
            reason = Classify(setup.Scope("setup"), e);
        }

        if ((clientLog.FellBack ?? serverLog.FellBack) is { } fellBack) reason ??= "the connection fell back to TCP: " + fellBack;
        var checks = setup.Results.Concat(clientLog.Results).Concat(serverLog.Results).ToList();
        var verdict = Verdicts.Combine(checks.Select(c => c.Outcome));
        var ms = Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 1);
        return new FamilyRun(family.Name, verdict, checks, ms, reason);
    }

    private string? RunSides(Deadline deadline, CheckLog setup, CheckLog clientLog, CheckLog serverLog)
    {
        // The namespace's MPTcpExt counters before the connection: each side's connection check compares with them.
        var before = MptcpCounters.Parse(api.ReadNetstat());
        var (listener, boundPort) = MptcpSockets.Listen(family, port);
        using var _ = listener;
        var client = MptcpSockets.Connect(family, boundPort, deadline);
        var expectedPeer = family.LoopbackSockaddr(boundPort);
        var peer = PeerOf(client.Fd, out var peerResult, out var peerLength);
        setup.Scope("setup").Expect("connect", peerResult.Ok && peer.AsSpan(0, peerLength).SequenceEqual(expectedPeer),
            $"getpeername 0: {family.Loopback} port {boundPort}",
            $"getpeername {peerResult}: family {BitConverter.ToUInt16(peer, 0)} port {AddressFamily.PortOf(peer)}, {peerLength} bytes" +
            (peerLength == expectedPeer.Length && !peer.AsSpan(0, peerLength).SequenceEqual(expectedPeer) ? ", another address" : ""));

        // One generator per family, seeded from the run's seed: same seed, same payload and TOS value.
        var random = new Random(unchecked((int)seed ^ (int)(seed >> 32) ^ family.Af));
        var payload = Payload.Create(random);
        using var xmit = new SemaphoreSlim(0);
        string? reason = null;

        // Draw both sides' generators before the accepting side runs: the client's first, as always (same seed, same values).
        var clientRandom = new Random(random.Next());
        var serverRandom = new Random(random.Next());

        // A NativeThread returns as soon as clone(2) does: the connecting side starts while the accepting one comes up.
        var server = NativeThread.Start("accepting side", () =>
        {
            try
            {
                using var accepted = MptcpSockets.Accept(listener, deadline);
                var ctx = new ProbeContext(api, accepted.Fd, family, new SideState(), serverRandom, deadline) { CountersBefore = before };
                ServerSide.Run(ctx, serverLog, xmit);
            }
            catch (SetupException e)
            {
                xmit.Release();
                serverLog.Scope("server").Error(e.Step, e.Message, e.ErrnoName);
            }
        });

        // The connecting side runs on this thread: one thread start less per family (~0.1 ms of a ~3 ms run). While
        // it runs, the thread carries the side's name (the fault-injection tests tell the sides apart by it).
        var grace = TimeSpan.FromSeconds(2);
        var thread = Thread.CurrentThread;
        var previousName = thread.Name;
        thread.Name = "connecting side";
        try
        {
            using (client)
            {
                ClientSide.Run(new ProbeContext(api, client.Fd, family, new SideState(), clientRandom, deadline) { CountersBefore = before },
                    clientLog, payload, xmit);
            }
        }
        finally
        {
            thread.Name = previousName ?? "mptcp-agent";
        }

        if (deadline.Expired && -deadline.RemainingTimestamp > grace.TotalSeconds * Stopwatch.Frequency)
        {
            setup.Scope("setup").Error("timeout", "the connecting side did not finish before the deadline", "ETIMEDOUT");
            reason = "timeout";
        }

        if (!server.Join(TimeSpan.FromMilliseconds(deadline.RemainingMilliseconds) + grace))
        {
            setup.Scope("setup").Error("timeout", "the accepting side did not finish before the deadline", "ETIMEDOUT");
            reason = "timeout";
        }

        return reason;
    }

    /// <summary>The connected client's peer address (getpeername through the judged API), zero-filled storage.</summary>
    private byte[] PeerOf(int fd, out SysResult result, out int length)
    {
        var peer = new byte[Native.SocketConstants.SockaddrStorageSize];
        length = peer.Length;
        result = api.GetPeerName(fd, peer, ref length);
        length = Math.Clamp(length, 0, peer.Length);
        return peer;
    }

    /// <summary>A setup failure: "unsupported" when the kernel lacks MPTCP (or has it off here), else an error.</summary>
    private string Classify(CheckScope s, SetupException e)
    {
        var (unsupported, why) = (e.Step, e.Errno) switch
        {
            ("socket", Interop.Errno.EPROTONOSUPPORT) => (true, "this kernel has no MPTCP (CONFIG_MPTCP is not set)"),
            ("socket", Interop.Errno.ENOPROTOOPT) => (true, "MPTCP is disabled in this network namespace (net.mptcp.enabled=0)"),
            ("socket", Interop.Errno.EAFNOSUPPORT) when family.Af == Native.SocketConstants.AF_INET6 =>
                (true, "no MPTCP over IPv6 here (CONFIG_MPTCP_IPV6 off or IPv6 disabled)"),
            ("bind", Interop.Errno.EADDRNOTAVAIL) => (false, $"{family.Loopback} is not configured (IPv6 disabled in this namespace? set net.ipv6.conf.all.disable_ipv6=0)"),
            _ => (false, e.Message),
        };
        if (unsupported) s.Unsupported(e.Step, why, e.ErrnoName, Expectation.MptcpOff);
        else s.Error(e.Step, why, e.ErrnoName);
        return why;
    }
}
