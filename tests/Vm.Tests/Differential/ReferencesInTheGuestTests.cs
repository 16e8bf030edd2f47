using MptcpMatrix.Contracts;
using MptcpMatrix.Orchestrator.Backends.Vm;
using MptcpMatrix.Orchestrator.Cells;
using MptcpMatrix.Orchestrator.Config;
using MptcpMatrix.TestSupport;
using MptcpMatrix.TestSupport.Runs;
using MptcpMatrix.Vm.Tests.Support;

namespace MptcpMatrix.Vm.Tests.Differential;

/// <summary>
/// The seed and the newest upstream selftest (built with gcc -static) run in the same VM boots as the agent, on every
/// kernel of the default matrix, for both families: with MPTCP on and off, behind a middlebox that strips MPTCP from
/// the handshake (iptables TCPOPTSTRIP inside the guest, its modules loaded from the kernel's own package), and under a
/// seccomp filter that makes the kernel refuse a SOL_MPTCP getsockopt. The verdicts must agree: the agent passes
/// exactly when the references exit 0, and says why when it does not. Where the agent is stricter on purpose, the
/// test names it: MPTCP_FULL_INFO refused on a kernel of 6.5 or later.
/// </summary>
public sealed class ReferencesInTheGuestTests
{
    private const int SolMptcp = 284, MptcpInfo = 1, MptcpFullInfo = 4, Eopnotsupp = 95;
    private static readonly string[] Families = ["ipv4", "ipv6"];

    /// <summary>Every Debian kernel of the repository's matrix.yml (bullseye has no MPTCP: it is untestable before boot).</summary>
    public static TheoryData<string> DefaultMatrixKernels()
    {
        var config = ConfigLoader.LoadFile(Path.Combine(RepoPaths.Root, "matrix.yml"));
        var data = new TheoryData<string>();
        foreach (var kernel in config.Kernels.Where(k => k.Source == "debian")) data.Add(kernel.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(DefaultMatrixKernels))]
    public async Task The_references_and_the_agent_agree_in_the_same_boot_on_every_default_kernel(string kernelName)
    {
        TestKernels.RequireQemu();
        var config = ConfigLoader.LoadFile(Path.Combine(RepoPaths.Root, "matrix.yml"));
        var source = config.Kernels.Single(k => k.Name == kernelName).ToKernelSource();
        var image = await TestKernels.GetAsync(source);
        using var run = new TestRun();
        var cells = Variants.SelectMany(v => Families.Select(f => TestRun.Cell(source, f, v.Name, v.Sysctls, timeout: 120, kernelName: kernelName))).ToList();

        if (!image.Mptcp.Testable)
        {
            // No CONFIG_MPTCP (bullseye's 5.10): nothing to boot, every cell says why, and the references would not build a socket either.
            var untestable = await new VmBackend().RunAsync(cells, run.Context, TestContext.Current.CancellationToken);
            Assert.All(untestable, r => Assert.Equal(CellStatus.Untestable, r.Status));
            return;
        }

        var (seed, latest) = await StaticReferences.BuildAsync();
        var refuse = RealFaults.RefuseSockopt(0, 0, 0)[0];
        Assert.True(image.ModulesDir is not null, $"{kernelName} has no modules in the cache: the middlebox needs its netfilter modules");
        var guest = new GuestImage()
            .Add(seed, "bin/mptcp_sockopt").Add(latest, "bin/mptcp_sockopt.latest").Add(refuse, "bin/refuse-sockopt")
            .AddMiddlebox(image.ModulesDir!)
            .AddMiddleboxRules("middlebox");
        foreach (var variant in Variants)
        {
            string[] wrap = variant.Refused is { } optname ? ["/bin/refuse-sockopt", $"{SolMptcp}", $"{optname}", $"{Eopnotsupp}"] : [];
            foreach (var family in Families)
            {
                string[] six = family == "ipv6" ? ["-6"] : [];
                guest.AddProgram($"seed-{family}", [.. wrap, "/bin/mptcp_sockopt", .. six], [variant.Name]);
                guest.AddProgram($"latest-{family}", [.. wrap, "/bin/mptcp_sockopt.latest", .. six], [variant.Name]);
                // Under a filter the agent runs as a child of init (the filter is inherited); elsewhere the init's own run is the agent's verdict.
                if (wrap.Length > 0) guest.AddProgram($"agent-{family}", [.. wrap, "/init", "--family", family, "--quiet"], [variant.Name]);
            }
        }

        var backend = new VmBackend(new VmBackendOptions(Initramfs: guest.Build(run.OutDir)));
        var results = await backend.RunAsync(cells, run.Context, TestContext.Current.CancellationToken);
        var programs = GuestProgramRun.ReadLog(run.Context.LogDir(cells[0].Id));
        var upstream = results[0].Agent!.Kernel.UpstreamVersion;
        var context = $"{kernelName} (Linux {upstream}):\n" + string.Join('\n', programs.Where(p => p.Name != "agent-ipv4" && p.Name != "agent-ipv6"));

        TestContext.Current.TestOutputHelper?.WriteLine(string.Join('\n', programs.Select(p => $"{p.Variant}/{p.Name}: exit {p.Exit} signal {p.Signal} {p.Problem} [{p.Output.Split((char)10)[0]}] {(p.Name.StartsWith("agent", StringComparison.Ordinal) ? p.AgentReport().Verdict : "")}")));
        var modules = Assert.Single(programs, p => p.Name == "load-modules");
        Assert.True(modules.Exit == 0, "loading the netfilter modules failed: " + modules);
        Assert.All(programs.Where(p => p.Name.StartsWith("middlebox-", StringComparison.Ordinal)), p => Assert.True(p.Exit == 0, "a middlebox rule failed: " + p));

        foreach (var variant in Variants)
        {
            foreach (var family in Families)
            {
                var refs = programs.Where(p => p.Variant == variant.Name && (p.Name == $"seed-{family}" || p.Name == $"latest-{family}")).ToList();
                Assert.Equal(2, refs.Count);
                var agent = variant.Refused is null
                    ? results.Single(r => r.Cell.Variant == variant.Name && r.Cell.Family == family).Agent!
                    : programs.Single(p => p.Variant == variant.Name && p.Name == $"agent-{family}").AgentReport();
                var where = $"variant {variant.Name}, {family}: agent {agent.Verdict} ({agent.Families.Single().Reason})\n{context}";
                variant.Expect(refs, agent, upstream, where);
            }
        }
    }

    private sealed record Variant(string Name, IReadOnlyDictionary<string, string> Sysctls, int? Refused,
        Action<IReadOnlyList<GuestProgramRun>, AgentReport, string?, string> Expect);

    private static readonly Variant[] Variants =
    [
        new("default", new Dictionary<string, string>(), null, (refs, agent, _, where) =>
        {
            Assert.All(refs, r => Assert.True(r.Exit == 0, "a reference failed with MPTCP on: " + where));
            Assert.True(agent.Verdict == CheckOutcome.Pass, where);
        }),
        new("mptcp-disabled", new Dictionary<string, string> { ["net.mptcp.enabled"] = "0" }, null, (refs, agent, _, where) =>
        {
            Assert.All(refs, r => Assert.True(r.Exit is not 0 && r.Output.Contains("could not create listen socket", StringComparison.Ordinal),
                "a reference passed with MPTCP off, or failed for another reason: " + where));
            Assert.True(agent.Verdict == CheckOutcome.Unsupported, where);
        }),
        new("middlebox", new Dictionary<string, string>(), null, (refs, agent, _, where) =>
        {
            // The SOL_MPTCP call fails on the fallen-back socket: EOPNOTSUPP for IPv4, ENOPROTOOPT for IPv6 (MPTCP issue #358).
            Assert.All(refs, r => Assert.True(r.Exit == 1 && r.Output.Contains("getsockopt MPTCP_INFO", StringComparison.Ordinal),
                "a reference passed through the middlebox, or failed for another reason: " + where));
            Assert.True(agent.Verdict == CheckOutcome.Fail, where);
            var family = agent.Families.Single();
            Assert.Contains("fell back to TCP", family.Reason, StringComparison.Ordinal);
            Assert.Contains(family.Checks, c => c.Id == "client.connection.mptcp" && c.Expectation == Expectation.FellBack);
        }),
        new("refuse-mptcp-info", new Dictionary<string, string>(), MptcpInfo, (refs, agent, upstream, where) =>
        {
            Assert.All(refs, r => Assert.True(r.Exit == 1 && r.Output.Contains("MPTCP_INFO: Operation not supported", StringComparison.Ordinal),
                "a reference passed without MPTCP_INFO, or failed for another reason: " + where));
            Assert.True(agent.Verdict == CheckOutcome.Fail, where);
            var call = agent.Families.Single().Checks.Single(c => c.Id == "client.initial.mptcp_info.call");
            Assert.Equal(Expectation.Regression, call.Expectation);
            Assert.Contains($"missing on Linux {upstream}", call.Reason, StringComparison.Ordinal);
        }),
        // The named deviation: neither reference fails without MPTCP_FULL_INFO (the seed never asks, the latest skips
        // on EOPNOTSUPP on any kernel). The agent knows the version: a regression from 6.5 on, expected before.
        new("refuse-full-info", new Dictionary<string, string>(), MptcpFullInfo, (refs, agent, upstream, where) =>
        {
            Assert.All(refs, r => Assert.True(r.Exit == 0, "a reference failed without MPTCP_FULL_INFO: " + where));
            var full = agent.Families.Single().Checks.Where(c => c.Feature == "mptcp_full_info").ToList();
            Assert.NotEmpty(full);
            if (Version.Parse(upstream!) >= new Version(6, 5))
            {
                Assert.True(agent.Verdict == CheckOutcome.Fail, where);
                Assert.Contains(full, c => c.Outcome == CheckOutcome.Fail && c.Expectation == Expectation.Regression);
            }
            else
            {
                Assert.True(agent.Verdict == CheckOutcome.Pass, where);
                Assert.All(full, c => Assert.Equal(Expectation.ExpectedUnsupported, c.Expectation));
            }
        }),
    ];
}
