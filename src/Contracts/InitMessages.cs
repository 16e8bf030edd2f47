using System.Buffers;
using System.Text.Json;

namespace MptcpMatrix.Contracts;

/// <summary>
/// The frames the agent's init (<c>--init</c>, PID 1 of a VM) writes to the result port besides its reports: the agent writes
/// them with <see cref="Done"/> and <see cref="Error"/>, the VM backend tells them apart with <see cref="KindOf"/>.
/// </summary>
public static class InitMessages
{
    /// <summary>The key of a program result frame (<see cref="InitMessageKind.Program"/>).</summary>
    public const string ProgramKey = "program";

    private const string DoneKey = "done";
    private const string ErrorKey = "error";

    /// <summary>The payload of the last frame of a boot whose variants all reported: <c>{"done":true}</c>.</summary>
    public static byte[] Done() => Object(json => json.WriteBoolean(DoneKey, true));

    /// <summary>The payload of the last frame of a boot whose init failed: <c>{"error":"message"}</c> (any message: JSON-escaped).</summary>
    public static byte[] Error(string message) => Object(json => json.WriteString(ErrorKey, message));

    /// <summary>What a frame's JSON object holds; anything else than the three messages is a report.</summary>
    public static InitMessageKind KindOf(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) return InitMessageKind.Report;
        if (root.TryGetProperty(ProgramKey, out _)) return InitMessageKind.Program;
        if (root.TryGetProperty(DoneKey, out _)) return InitMessageKind.Done;
        return root.TryGetProperty(ErrorKey, out _) ? InitMessageKind.Error : InitMessageKind.Report;
    }

    /// <summary>The message of an <see cref="InitMessageKind.Error"/> frame.</summary>
    public static string? ErrorOf(JsonElement root) => root.TryGetProperty(ErrorKey, out var error) ? error.GetString() : null;

    /// <summary>Whether a frame ends the init's output: a <see cref="InitMessageKind.Done"/> or <see cref="InitMessageKind.Error"/>.</summary>
    public static bool IsFinal(JsonElement root) => KindOf(root) is InitMessageKind.Done or InitMessageKind.Error;

    private static byte[] Object(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            write(json);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
