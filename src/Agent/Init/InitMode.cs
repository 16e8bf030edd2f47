using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using MptcpMatrix.Agent.Host;
using MptcpMatrix.Agent.Sockets;
using MptcpMatrix.Contracts;

namespace MptcpMatrix.Agent.Init;

/// <summary>
/// PID 1 of a VM with no other userspace: mount the pseudo filesystems, read the plan from the kernel command line,
/// run each variant in its own network namespace, write one framed report per variant to the result device, then
/// power off. Nothing here may leave the machine running: every path ends in <see cref="PowerOff"/>.
/// </summary>
internal static class InitMode
{
    public const string PlanParameter = "mptcpmatrix.plan=";

    public static int Run()
    {
        Stream? device = null;
        try
        {
            MountPseudoFilesystems();
            var plan = ReadPlan(File.ReadAllText("/proc/cmdline"));
            device = new FileStream(plan.ResultDevice, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1, FileOptions.None);
            var exit = 0;
            for (var i = 0; i < plan.Variants.Count; i++)
            {
                // The guest's initial namespace is as fresh as a new one (nothing else runs here): the last variant uses
                // it instead of paying for another namespace. Only the last: new namespaces copy the initial one's
                // net.ipv4/ipv6.conf.* values, so its sysctls must not be set while other variants are still to come.
                var report = RunVariant(plan, plan.Variants[i], initialNamespace: i == plan.Variants.Count - 1);
                StandardStreams.Write(StandardStreams.Error, ReportWriter.Summary(report));
                WriteFrame(device, ReportWriter.ToJson(report));
                exit = Math.Max(exit, Selftest.Verdicts.ExitCode(report.Verdict));
            }

            WriteFrame(device, "{\"done\":true}");
            return exit;
        }
        catch (Exception e)
        {
            StandardStreams.WriteLine(StandardStreams.Error, "mptcp-agent --init: " + e.Message);
            if (device is not null)
            {
                try
                {
                    WriteFrame(device, JsonSerializer.Serialize(e.Message, ContractJsonStrings.Default.String).Insert(0, "{\"error\":") + "}");
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

    /// <summary>Finds and decodes <c>mptcpmatrix.plan=&lt;base64url(JSON)&gt;</c> on a kernel command line.</summary>
    public static InitPlan ReadPlan(string cmdline)
    {
        var token = cmdline.Split([' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(t => t.StartsWith(PlanParameter, StringComparison.Ordinal))
            ?? throw new AgentException("init", $"no {PlanParameter}... on the kernel command line");
        var b64 = token[PlanParameter.Length..].Replace('-', '+').Replace('_', '/');
        b64 = b64.PadRight(b64.Length + (4 - b64.Length % 4) % 4, '=');
        var json = Encoding.UTF8.GetString(Convert.FromBase64String(b64));
        return JsonSerializer.Deserialize(json, ContractJson.Default.InitPlan) ?? throw new AgentException("init", "empty plan");
    }

    private static AgentReport RunVariant(InitPlan plan, InitVariant variant, bool initialNamespace)
    {
        AgentReport? report = null;
        Exception? failure = null;
        // CLONE_NEWNET applies to the calling thread only: each variant gets a thread, and so its own namespace.
        var thread = new Thread(() =>
        {
            try
            {
                if (initialNamespace) NetworkNamespace.BringUp("lo");
                else NetworkNamespace.EnterNew();
                Sysctls.Apply(variant.Sysctls);
                var families = variant.Families.Select(f => AddressFamily.Parse(f) ?? throw new AgentException("init", $"unknown family '{f}'")).ToList();
                report = AgentRunner.Run(LinuxSocketApi.Instance, families, plan.Seed, 0, TimeSpan.FromSeconds(plan.TimeoutSeconds), variant.Name, variant.Sysctls);
            }
            catch (Exception e)
            {
                failure = e;
            }
        }) { Name = "variant " + variant.Name };
        thread.Start();
        if (!thread.Join(TimeSpan.FromSeconds(plan.TimeoutSeconds * Math.Max(1, variant.Families.Count) + 10)))
            throw new AgentException("init", $"variant {variant.Name} did not finish in time");
        return report ?? throw new AgentException("init", $"variant {variant.Name}: {failure?.Message}");
    }

    private static void WriteFrame(Stream device, string payload)
    {
        device.Write(Encoding.ASCII.GetBytes(ResultFrame.Encode(payload, compress: true)));
        device.Flush();
    }

    private static void MountPseudoFilesystems()
    {
        Mount("proc", "/proc", "proc");
        Mount("sysfs", "/sys", "sysfs");
        Mount("devtmpfs", "/dev", "devtmpfs");
    }

    private static void Mount(string source, string target, string type)
    {
        Directory.CreateDirectory(target);
        if (Interop.Sys.Mount(source, target, type, 0, null) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno != Interop.Errno.EBUSY) StandardStreams.WriteLine(StandardStreams.Error, $"mount {type} on {target}: {Interop.Errno.Name(errno)}");
        }
    }

    private static void PowerOff()
    {
        Interop.Sys.Sync();
        Interop.Sys.Reboot(Interop.Sys.LINUX_REBOOT_CMD_POWER_OFF);
        // Only reached when not PID 1 or not allowed: the caller's exit code then ends the process.
    }
}
