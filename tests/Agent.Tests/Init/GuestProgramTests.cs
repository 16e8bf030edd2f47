using System.Text.Json;
using MptcpMatrix.Agent.Host;
using MptcpMatrix.Agent.Init;
using MptcpMatrix.Contracts;
using MptcpMatrix.TestSupport;

namespace MptcpMatrix.Agent.Tests.Init;

/// <summary>The programs an init-extras.json asks the guest's init to run beside the agent (the differential tests' references).</summary>
public sealed class GuestProgramTests
{
    private static GuestProgram Program(int timeout = 30, params string[] argv) => new("p", argv, null, timeout);

    [Fact]
    public void A_program_reports_its_exit_status_and_its_standard_output_and_error_together()
    {
        var result = GuestProgramRunner.Run(Program(30, "/bin/sh", "-c", "echo out; echo err >&2; exit 3"), "default");

        Assert.Equal((3, (int?)null, (string?)null), (result.Exit!.Value, result.Signal, result.Problem));
        Assert.Equal("out\nerr\n", result.Output);
        Assert.Equal("default", result.Variant);
    }

    [Fact]
    public void A_program_still_running_at_its_timeout_is_killed_and_says_so()
    {
        var result = GuestProgramRunner.Run(Program(1, "/bin/sleep", "30"), "v");

        Assert.Null(result.Exit);
        Assert.Equal(9, result.Signal);
        Assert.Equal("timed out after 1 s (killed)", result.Problem);
        Assert.InRange(result.DurationMs, 900, 10_000);
    }

    [Fact]
    public void A_program_that_does_not_exist_is_a_spawn_error_by_errno_name()
    {
        var result = GuestProgramRunner.Run(Program(5, "/nonexistent/program"), "v");

        Assert.Null(result.Exit);
        Assert.Equal("posix_spawn: ENOENT", result.Problem);
        Assert.Empty(OutputFilesLeft());
    }

    [Fact]
    public void A_programs_output_file_is_gone_once_its_result_is_read()
    {
        GuestProgramRunner.Run(Program(10, "/bin/echo", "x"), "v");

        Assert.Empty(OutputFilesLeft());
    }

    private static string[] OutputFilesLeft() => Directory.GetFiles("/tmp", $"mptcp-agent-program-{Environment.ProcessId}-*");

    [Fact]
    public void A_program_starts_in_the_network_namespace_of_the_thread_that_runs_it()
    {
        Requires.Root();
        var readlink = Program(10, "/bin/readlink", "/proc/self/ns/net");
        GuestProgramResult? inNewNamespace = null;
        var worker = NativeThread.Start("netns", () =>
        {
            NetworkNamespace.EnterNew();
            inNewNamespace = GuestProgramRunner.Run(readlink, "v");
        });
        Assert.True(worker.Join(TimeSpan.FromSeconds(20)));
        var fromThisThread = GuestProgramRunner.Run(readlink, "v");

        Assert.StartsWith("net:[", inNewNamespace!.Output, StringComparison.Ordinal);
        Assert.StartsWith("net:[", fromThisThread.Output, StringComparison.Ordinal);
        Assert.NotEqual(fromThisThread.Output, inNewNamespace.Output);
    }

    [Fact]
    public void A_module_that_cannot_be_opened_is_named_with_its_errno_and_the_others_still_load()
    {
        var failures = ModuleLoader.LoadAll(["/nonexistent/a.ko.xz", "/nonexistent/b.ko"]);

        Assert.Equal(["/nonexistent/a.ko.xz: open: ENOENT", "/nonexistent/b.ko: open: ENOENT"], failures);
    }

    [Fact]
    public void A_boot_without_extras_runs_nothing_more_and_a_damaged_one_is_an_init_error()
    {
        Assert.Same(GuestExtras.None, GuestExtras.Read("/nonexistent/init-extras.json"));
        var damaged = Path.GetTempFileName();
        try
        {
            File.WriteAllText(damaged, """{"programs": [{"name": "x", "argv": []}]}""");
            var e = Assert.Throws<AgentException>(() => GuestExtras.Read(damaged));
            Assert.Contains("program x has an empty argv", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(damaged);
        }
    }

    [Fact]
    public void Extras_name_the_modules_in_order_and_each_program_with_its_variants_and_timeout()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, """
                {"modules": ["/modules/x_tables.ko.xz", "/modules/xt_TCPOPTSTRIP.ko.xz"],
                 "programs": [{"name": "seed-ipv6", "argv": ["/bin/mptcp_sockopt", "-6"], "variants": ["default"], "timeout_seconds": 7},
                              {"name": "everywhere", "argv": ["/bin/true"]}]}
                """);
            var extras = GuestExtras.Read(file);

            Assert.Equal(["/modules/x_tables.ko.xz", "/modules/xt_TCPOPTSTRIP.ko.xz"], extras.Modules);
            var (seed, everywhere) = (extras.Programs[0], extras.Programs[1]);
            Assert.Equal(("seed-ipv6", 7), (seed.Name, seed.TimeoutSeconds));
            Assert.True(seed.RunsIn("default"));
            Assert.False(seed.RunsIn("mptcp-disabled"));
            Assert.True(everywhere.RunsIn("mptcp-disabled"));
            Assert.Equal(60, everywhere.TimeoutSeconds);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_program_result_travels_as_its_own_frame_that_no_reader_takes_for_a_report_or_an_agent_error()
    {
        var frame = InitMode.ProgramFrame(new GuestProgramResult("latest-ipv6", "middlebox", ["/bin/x", "-6"], null, 6, "timed out", 12.34, "out"));

        var payload = Assert.Single(ResultFrame.Decode(System.Text.Encoding.ASCII.GetString(frame), out var damaged));
        Assert.Equal(0, damaged);
        using var doc = JsonDocument.Parse(payload);
        var e = doc.RootElement;
        Assert.Equal("latest-ipv6", e.GetProperty("program").GetString());
        Assert.Equal("middlebox", e.GetProperty("variant").GetString());
        Assert.Equal(JsonValueKind.Null, e.GetProperty("exit").ValueKind);
        Assert.Equal(6, e.GetProperty("signal").GetInt32());
        Assert.Equal("timed out", e.GetProperty("problem").GetString());
        Assert.False(e.TryGetProperty("error", out _));
        Assert.False(e.TryGetProperty("done", out _));
    }
}
