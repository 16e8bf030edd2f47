namespace MptcpMatrix.Orchestrator.Backends.Vm;

/// <summary>One QEMU boot: what to boot and where its two serial ports go.</summary>
/// <param name="Kernel"><c>-kernel</c>.</param>
/// <param name="Initrd"><c>-initrd</c> (null: none, e.g. the KVM probe).</param>
/// <param name="Append">Kernel command line.</param>
/// <param name="Accel"><c>kvm</c> or <c>tcg</c>.</param>
/// <param name="ConsoleLog">ttyS0 goes here (the cell's console log).</param>
/// <param name="ResultsFile">ttyS1 goes here (framed results only); null: no second port.</param>
/// <param name="Timeout">QEMU is killed after this.</param>
/// <param name="Sandbox">Run QEMU under its own seccomp filter (<see cref="SandboxArguments"/>); only where the build supports it.</param>
internal sealed record QemuMachine(
    string Kernel,
    string? Initrd,
    string Append,
    string Accel,
    int MemoryMb,
    int Cpus,
    string ConsoleLog,
    string? ResultsFile,
    TimeSpan Timeout,
    bool Sandbox = false)
{
    /// <summary>
    /// QEMU's seccomp sandbox with every optional deny on: no obsolete syscalls, no setuid/setgid, no fork/exec, no
    /// scheduler or affinity changes. A guest that escaped into QEMU could still not start a process.
    /// </summary>
    public static IReadOnlyList<string> SandboxArguments { get; } =
        ["-sandbox", "on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny"];

    /// <summary>The argument array (never a shell string).</summary>
    public IReadOnlyList<string> Arguments()
    {
        var args = new List<string>
        {
            "-nodefaults", "-no-user-config", "-no-reboot", "-display", "none",
            // Names the orchestrator that owns this QEMU, so a later run can kill it if that orchestrator was SIGKILLed.
            "-name", QemuOrphans.NameForThisProcess,
            "-accel", Accel,
            // "max": RDRAND (with random.trust_cpu=on the guest's CRNG is ready at once, so the agent's runtime never waits
            // for entropy, ~1 s under TCG) and, under TCG, the emulator's fastest complete model (measured: 6.12 boots 30% faster).
            "-cpu", "max",
            "-m", MemoryMb.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-smp", Cpus.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-kernel", Kernel,
            "-append", Append,
            "-serial", "file:" + ConsoleLog,
        };
        if (Sandbox) args.AddRange(SandboxArguments);
        if (Initrd is not null) args.AddRange(["-initrd", Initrd]);
        if (ResultsFile is not null) args.AddRange(["-serial", "file:" + ResultsFile]);
        return args;
    }
}
