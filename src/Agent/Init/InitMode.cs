using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using MptcpMatrix.Agent.Host;
using MptcpMatrix.Agent.Sockets;
using MptcpMatrix.Contracts;

namespace MptcpMatrix.Agent.Init;

/// <summary>
/// PID 1 of a VM with no other userspace: mount the pseudo filesystems, read the plan from the initramfs,
/// run each variant in its own network namespace, write one framed report per variant to the result device, then
/// power off (or reboot, when the kernel cannot power off). Nothing here may leave the machine running: every path ends
/// in <see cref="PowerOff"/>. Init errors are reported in words (<see cref="InitErrors"/>), never as .NET resource keys.
/// </summary>
internal static class InitMode
{
    /// <summary>Where the VM backend puts the plan: a file of the boot's initramfs (appended to the agent's archive).</summary>
    public const string PlanPath = "/init-plan.json";

    public static int Run()
    {
        Stream? device = null;
        try
        {
            MountPseudoFilesystems();
            // Only for the trace switch: the plan is a file of the initramfs.
            var cmdline = ProcFile.ReadText("/proc/cmdline") ?? "";
            BootTrace.Start(cmdline);
            var plan = ReadPlan(PlanPath);
            BootTrace.Mark("plan read");
            device = OpenResultDevice(plan.ResultDevice);
            var extras = GuestExtras.Read();
            if (extras.Modules.Count > 0)
            {
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                var failures = ModuleLoader.LoadAll(extras.Modules);
                Send(device, ProgramFrame(new GuestProgramResult("load-modules", "", extras.Modules, failures.Count == 0 ? 0 : 1, null, null,
                    System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds, string.Join('\n', failures))));
            }

            var exit = 0;
            for (var i = 0; i < plan.Variants.Count; i++)
            {
                // The guest's initial namespace is as fresh as a new one (nothing else runs here): the last variant uses
                // it instead of paying for another namespace. Only the last: new namespaces copy the initial one's
                // net.ipv4/ipv6.conf.* values, so its sysctls must not be set while other variants are still to come.
                var report = RunVariant(plan, plan.Variants[i], extras, initialNamespace: i == plan.Variants.Count - 1, out var programs);
                foreach (var program in programs) Send(device, ProgramFrame(program));
                if (BootTrace.Enabled) BootTrace.Mark($"variant {report.Variant} ran");
                StandardStreams.Write(StandardStreams.Error, ReportWriter.Summary(report));
                BootTrace.Mark("summary written");
                using (var frame = new ResultFrameBuilder(compress: true))
                {
                    // Streamed: the compact report goes through one 16 KB chunk into the deflate, never whole in memory.
                    ReportWriter.WriteTo(report, frame.Append, indented: false);
                    var bytes = frame.ToFrame();
                    if (BootTrace.Enabled) BootTrace.Mark($"frame built ({bytes.Length} bytes)");
                    Send(device, bytes);
                }

                BootTrace.Mark("frame written");
                exit = Math.Max(exit, Selftest.Verdicts.ExitCode(report.Verdict));
            }

            Send(device, ResultFrame.Encode(InitMessages.Done(), compress: true));
            return exit;
        }
        catch (Exception e)
        {
            var message = InitErrors.Describe(e);
            StandardStreams.WriteLine(StandardStreams.Error, "mptcp-agent --init: " + message);
            if (device is not null)
            {
                try
                {
                    Send(device, ResultFrame.Encode(InitMessages.Error(message), compress: true));
                }
                catch (IOException)
                {
                }
            }

            return 2;
        }
        finally
        {
            device?.Dispose();
            PowerOff();
        }
    }

    /// <summary>Reads the plan file (<see cref="PlanPath"/> in the guest) with the bare reader; any problem is an init error.</summary>
    public static InitPlan ReadPlan(string path)
    {
        var json = ProcFile.ReadBytes(path, out var errno)
            ?? throw new AgentException("init", $"cannot read the init plan {path} ({errno}); the VM backend appends it to the initramfs");
        return InitPlanReader.Read(json, path);
    }

    private static AgentReport RunVariant(InitPlan plan, InitVariant variant, GuestExtras extras, bool initialNamespace,
        out List<GuestProgramResult> programs)
    {
        AgentReport? report = null;
        var results = new List<GuestProgramResult>();
        programs = results;
        Exception? failure = null;
        // CLONE_NEWNET applies to the calling thread only: each variant gets a thread, and so its own namespace. A
        // NativeThread: Thread.Start's hand-shake with the new thread was measurable in a TCG guest.
        var thread = NativeThread.Start("variant " + variant.Name, () =>
        {
            try
            {
                if (initialNamespace) NetworkNamespace.BringUp("lo");
                else NetworkNamespace.EnterNew();
                Sysctls.Apply(variant.Sysctls);
                if (BootTrace.Enabled) BootTrace.Mark($"variant {variant.Name}: namespace ready");
                foreach (var program in extras.Programs.Where(p => p.RunsIn(variant.Name))) results.Add(GuestProgramRunner.Run(program, variant.Name));
                if (results.Count > 0) CountersSettle.Wait(TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(3));
                var families = variant.Families.Select(f => AddressFamily.Parse(f) ?? throw new AgentException("init", $"unknown family '{f}'")).ToList();
                report = AgentRunner.Run(LinuxSocketApi.Instance, families, plan.Seed, 0, TimeSpan.FromSeconds(plan.TimeoutSeconds), variant.Name, variant.Sysctls,
                    suites: plan.Suites);
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        var programBudget = extras.Programs.Where(p => p.RunsIn(variant.Name)).Sum(p => p.TimeoutSeconds + 1);
        var suites = Math.Max(1, plan.Suites?.Count ?? Suites.SuiteNames.All.Count);
        if (!thread.Join(TimeSpan.FromSeconds(plan.TimeoutSeconds * Math.Max(1, variant.Families.Count) * suites + 10 + programBudget)))
            throw new AgentException("init", $"variant {variant.Name} did not finish in time");
        return report ?? throw new AgentException("init", $"variant {variant.Name}: {failure?.Message}");
    }

    /// <summary>The frame of a <see cref="GuestProgramResult"/>: <c>{"program": name, "variant", "argv", "exit", "signal", "problem", "duration_ms", "output"}</c>.</summary>
    internal static byte[] ProgramFrame(GuestProgramResult result)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString(InitMessages.ProgramKey, result.Name);
            json.WriteString("variant"u8, result.Variant);
            json.WriteStartArray("argv"u8);
            foreach (var a in result.Argv) json.WriteStringValue(a);
            json.WriteEndArray();
            if (result.Exit is { } exit) json.WriteNumber("exit"u8, exit);
            else json.WriteNull("exit"u8);
            if (result.Signal is { } signal) json.WriteNumber("signal"u8, signal);
            if (result.Problem is { } problem) json.WriteString("problem"u8, problem);
            json.WriteNumber("duration_ms"u8, Math.Round(result.DurationMs, 1));
            json.WriteString("output"u8, result.Output);
            json.WriteEndObject();
        }

        return ResultFrame.Encode(buffer.WrittenSpan, compress: true);
    }

    private static void Send(Stream device, byte[] frame)
    {
        device.Write(frame);
        device.Flush();
    }

    private static void MountPseudoFilesystems()
    {
        Mount("proc", "/proc", "proc");
        Mount("sysfs", "/sys", "sysfs");
        // Without CONFIG_DEVTMPFS (ENODEV) the nodes the init needs are made by hand in the initramfs's own /dev.
        if (!Mount("devtmpfs", "/dev", "devtmpfs"))
        {
            StandardStreams.WriteLine(StandardStreams.Error, "no devtmpfs: creating the device nodes with mknod");
            DeviceNodes.Create();
        }
    }

    /// <summary>Mounts; false when the mount failed for another reason than being mounted already.</summary>
    private static bool Mount(string source, string target, string type)
    {
        Directory.CreateDirectory(target);
        if (Interop.Sys.Mount(source, target, type, 0, null) == 0) return true;
        var errno = Marshal.GetLastPInvokeError();
        if (errno == Interop.Errno.EBUSY) return true;
        StandardStreams.WriteLine(StandardStreams.Error, $"mount {type} on {target}: {Interop.Errno.Name(errno)}");
        return false;
    }

    /// <summary>The results port, or an init error saying in words why it cannot be written.</summary>
    private static FileStream OpenResultDevice(string path)
    {
        if (!File.Exists(path))
            throw new AgentException("init", $"the result device {path} does not exist (no devtmpfs, and mknod did not create it)");
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1, FileOptions.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AgentException("init", $"cannot open the result device {path}: {InitErrors.Describe(e)}");
        }
    }

    /// <summary>
    /// Powers off; a kernel that cannot (no ACPI: <c>reboot(POWER_OFF)</c> would only halt it, and never return) is
    /// rebooted instead, which ends QEMU just as well (the VM backend runs it with <c>-no-reboot</c>).
    /// </summary>
    private static void PowerOff()
    {
        if (BootTrace.Enabled)
            BootTrace.Mark($"powering off ({GC.CollectionCount(0)} GCs, {GC.GetTotalAllocatedBytes() / 1024} KB allocated)");
        Interop.Sys.Sync();
        if (CanPowerOff()) Interop.Sys.Reboot(Interop.Sys.LINUX_REBOOT_CMD_POWER_OFF);
        else StandardStreams.WriteLine(StandardStreams.Error, "no ACPI to power off with: rebooting instead");
        // Reached when power-off is impossible or failed, or when not PID 1 (then not allowed either way, and the caller's
        // exit code ends the process).
        Interop.Sys.Reboot(Interop.Sys.LINUX_REBOOT_CMD_RESTART);
    }

    /// <summary>Whether the kernel has a power-off handler: on x86 that is ACPI (<c>/sys/firmware/acpi</c>).</summary>
    private static bool CanPowerOff() => Directory.Exists("/sys/firmware/acpi") || !Directory.Exists("/sys/firmware");
}
