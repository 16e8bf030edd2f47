using MptcpMatrix.Contracts;
using MptcpMatrix.Orchestrator.Backends.Vm;
using MptcpMatrix.Orchestrator.Config;
using MptcpMatrix.TestSupport;
using MptcpMatrix.Vm.Tests.Support;

namespace MptcpMatrix.Vm.Tests.Differential;

/// <summary>
/// The kernel's mptcp_inq.c (built with gcc -static) runs in the same VM boots as the agent's inq suite, on every kernel
/// of the default matrix, for both families and each pairing (both MPTCP; <c>-t tcp</c>: a TCP client, the agent's
/// <c>inq.tcp_client</c>; <c>-r tcp</c>: a TCP listener, <c>inq.tcp_server</c>), with MPTCP on and, for an MPTCP
/// client against a TCP listener, off: the reference exits 0 exactly when every check of that pairing passes.
/// The one deviation, named: with MPTCP off only <c>-r tcp</c> is compared, because mptcp_inq hangs when it cannot make
/// its MPTCP listener (its parent waits for a "conn" message the dead server never writes); the agent then reports
/// <c>mptcp_off</c> for those pairings. The same boots load the kernel's tcp_diag module (Debian builds inet_diag as
/// modules, which a matrix boot does not load), so the sockopts suite's subflow checks (inet_diag of the subflow) run
/// there too: on every default kernel each passes (the subflow carries what was set on the MPTCP socket, as on TCP).
/// </summary>
public sealed class InqReferenceInTheGuestTests
{
    private static readonly string[] Families = ["ipv4", "ipv6"];
    private static readonly string[] Pairings = ["mptcp", "tcp_client", "tcp_server"];

    public static TheoryData<string> DefaultMatrixKernels() => ReferencesInTheGuestTests.DefaultMatrixKernels();

    [Theory]
    [MemberData(nameof(DefaultMatrixKernels))]
    public async Task Mptcp_inq_and_the_inq_suite_agree_and_the_subflows_carry_the_options_in_the_same_boot_on_every_default_kernel(string kernelName)
    {
        TestKernels.RequireQemu();
        var config = ConfigLoader.LoadFile(Path.Combine(RepoPaths.Root, "matrix.yml"));
        var source = config.Kernels.Single(k => k.Name == kernelName).ToKernelSource();
        var image = await TestKernels.GetAsync(source);
        if (!image.Mptcp.Testable) return; // bullseye's 5.10 has no MPTCP: ReferencesInTheGuestTests shows its cells untestable
        using var run = new TestRun();
        var variants = new[] { ("default", new Dictionary<string, string>()), ("mptcp-disabled", new Dictionary<string, string> { ["net.mptcp.enabled"] = "0" }) };
        var cells = variants.SelectMany(v => Families.Select(f => TestRun.Cell(source, f, v.Item1, v.Item2, timeout: 150, kernelName: kernelName))).ToList();

        Assert.True(image.ModulesDir is not null, $"{kernelName} has no modules in the cache: the subflow checks need its tcp_diag module");
        var guest = new GuestImage().Add(await StaticReferences.BuildInqAsync(), "bin/mptcp_inq").AddModules(image.ModulesDir!, ["tcp_diag"]);
        foreach (var (variant, _) in variants)
        {
            foreach (var family in Families)
            {
                foreach (var pairing in Compared(variant)) guest.AddProgram($"inq-{family}-{pairing}", ["/bin/mptcp_inq", .. Arguments(family, pairing)], [variant]);
            }
        }

        var backend = new VmBackend(new VmBackendOptions(Initramfs: guest.Build(run.OutDir)));
        var results = await backend.RunAsync(cells, run.Context, TestContext.Current.CancellationToken);
        var programs = GuestProgramRun.ReadLog(run.Context.LogDir(cells[0].Id));
        TestContext.Current.TestOutputHelper?.WriteLine(string.Join('\n', programs.Select(p => $"{p.Variant}/{p.Name}: exit {p.Exit} signal {p.Signal} {p.Problem}")));
        var modules = Assert.Single(programs, p => p.Name == "load-modules");
        Assert.True(modules.Exit == 0, "loading tcp_diag failed: " + modules);

        foreach (var (variant, _) in variants)
        {
            foreach (var family in Families)
            {
                var agent = results.Single(r => r.Cell.Variant == variant && r.Cell.Family == family).Agent;
                Assert.True(agent is not null, $"{kernelName} {variant} {family}: no agent report");
                var checks = agent!.Families.Single().Checks;
                var subflow = checks.Where(c => c.Id.StartsWith("sockopts.", StringComparison.Ordinal) && c.Id.EndsWith(".subflow", StringComparison.Ordinal)).ToList();
                TestContext.Current.TestOutputHelper?.WriteLine(string.Join('\n', subflow.Select(c => $"{kernelName} {variant} {family} {c.Id}: {c.Outcome} {c.Observed}")));
                if (variant == "default")
                {
                    Assert.True(subflow.Count >= 14, $"{kernelName} {family}: only {subflow.Count} subflow checks");
                    Assert.All(subflow, c => Assert.True(c.Outcome == CheckOutcome.Pass, $"{kernelName} {family} {c.Id}: {c.Outcome} {c.Observed} {c.Reason}"));
                }
                foreach (var pairing in Compared(variant))
                {
                    var reference = Assert.Single(programs, p => p.Variant == variant && p.Name == $"inq-{family}-{pairing}");
                    var mine = checks.Where(c => c.Id.StartsWith($"inq.{pairing}.", StringComparison.Ordinal)).ToList();
                    var agentPass = mine.Count > 0 && mine.All(c => c.Outcome == CheckOutcome.Pass);
                    var where = $"{kernelName} (Linux {agent.Kernel.UpstreamVersion}) {variant} {family} {pairing}: mptcp_inq {reference}\nagent: " +
                        string.Join(", ", mine.Select(c => $"{c.Id} {c.Outcome} {c.Observed}"));
                    Assert.True((reference.Exit == 0) == agentPass, "the verdicts disagree: " + where);
                    // and what the kernel does, so that an agreement on the wrong answer shows too
                    Assert.True((variant == "default") == (reference.Exit == 0), where);
                    if (variant != "default") Assert.All(mine, c => Assert.Equal(Expectation.MptcpOff, c.Expectation));
                }
            }
        }
    }

    /// <summary>mptcp_inq hangs without its MPTCP listener, so with MPTCP off only the TCP listener's pairing runs.</summary>
    private static string[] Compared(string variant) => variant == "default" ? Pairings : ["tcp_server"];

    private static IEnumerable<string> Arguments(string family, string pairing)
    {
        if (family == "ipv6") yield return "-6";
        if (pairing == "tcp_client") yield return "-t";
        if (pairing == "tcp_server") yield return "-r";
        if (pairing != "mptcp") yield return "tcp";
    }
}
