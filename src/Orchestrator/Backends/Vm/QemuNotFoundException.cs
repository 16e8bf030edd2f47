namespace MptcpMatrix.Orchestrator.Backends.Vm;

/// <summary>QEMU is not installed: the message names the Debian package that provides it.</summary>
internal sealed class QemuNotFoundException(string binary)
    : Exception($"{binary} not found; install it with: apt-get install {QemuRunner.Package}")
{
    public string Binary { get; } = binary;
}
