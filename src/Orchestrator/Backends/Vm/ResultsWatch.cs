using System.Text.Json;
using MptcpMatrix.Contracts;

namespace MptcpMatrix.Orchestrator.Backends.Vm;

/// <summary>
/// Watches a boot's results file (the guest's second serial port) for the agent's last frame: <c>{"done":true}</c> after
/// every variant's report, or <c>{"error":...}</c> when the init gave up. Frames are length- and CRC-checked, so a last
/// frame that decodes is complete and verified: the boot has given its verdict and QEMU can be stopped at once, whether
/// or not the kernel manages to power off (a kernel without ACPI halts instead, and would otherwise wait out the timeout).
/// </summary>
internal sealed class ResultsWatch(string path)
{
    private long _length = -1;

    /// <summary>Whether the file now holds a verified last frame. Cheap when nothing was written since the last call.</summary>
    public bool Complete()
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists || info.Length == _length) return false;
            _length = info.Length;
        }
        catch (IOException)
        {
            return false;
        }

        return IsFinal(ResultFrame.Decode(ConsoleLog.Read(path), out _));
    }

    /// <summary>Whether <paramref name="frames"/> end the agent's output: a <c>done</c> or an <c>error</c> frame.</summary>
    public static bool IsFinal(IReadOnlyList<string> frames)
    {
        foreach (var frame in frames)
        {
            try
            {
                using var doc = JsonDocument.Parse(frame);
                if (InitMessages.IsFinal(doc.RootElement)) return true;
            }
            catch (JsonException)
            {
            }
        }

        return false;
    }
}
