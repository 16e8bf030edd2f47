using System.Text.Json;
using MptcpMatrix.Agent.Host;

namespace MptcpMatrix.Agent.Init;

/// <summary>
/// Optional additions to a boot, from <c>/init-extras.json</c> when the initramfs holds one: kernel modules to load
/// first (in order, e.g. the netfilter modules a test's middlebox needs) and programs to run in each variant's
/// namespace beside the agent (the C reference selftests, a middlebox's iptables rules, the agent itself under a
/// seccomp filter). Each program's result goes to the result device as its own frame (<c>{"program": ...}</c>), which
/// the VM backend keeps in the cell's log as <c>programs.jsonl</c>. The differential tests use it to run the
/// references in the same boots as the agent; a matrix boot that runs the sockopts suite lists the diag modules there
/// (no programs), any other matrix boot has no such file and pays nothing for it.
/// </summary>
internal sealed record GuestExtras(IReadOnlyList<string> Modules, IReadOnlyList<GuestProgram> Programs)
{
    public const string Path = "/init-extras.json";

    public static GuestExtras None { get; } = new([], []);

    /// <summary>The extras of this boot: <see cref="None"/> when the file does not exist; an invalid file is an init error.</summary>
    public static GuestExtras Read(string path = Path)
    {
        var json = ProcFile.ReadBytes(path, out var errno);
        if (json is null)
            return errno == "ENOENT" ? None : throw new AgentException("init", $"cannot read {path} ({errno})");
        try
        {
            var reader = new Utf8JsonReader(json);
            Expect(ref reader, JsonTokenType.StartObject);
            var modules = new List<string>();
            var programs = new List<GuestProgram>();
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("modules"u8)) modules = Strings(ref reader);
                else if (reader.ValueTextEquals("programs"u8))
                {
                    Expect(ref reader, JsonTokenType.StartArray);
                    while (Next(ref reader) != JsonTokenType.EndArray) programs.Add(ReadProgram(ref reader));
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            return new GuestExtras(modules, programs);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new AgentException("init", $"{path} is not valid: {e.Message}");
        }
    }

    // A bare Utf8JsonReader, as InitPlanReader: JsonDocument would add its code to every guest's agent for a test hook.
    private static GuestProgram ReadProgram(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new InvalidOperationException("a program must be an object");
        string? name = null;
        List<string>? argv = null, variants = null;
        var timeout = 60;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                name = reader.GetString();
            }
            else if (reader.ValueTextEquals("argv"u8)) argv = Strings(ref reader);
            else if (reader.ValueTextEquals("variants"u8)) variants = Strings(ref reader);
            else if (reader.ValueTextEquals("timeout_seconds"u8))
            {
                reader.Read();
                timeout = reader.GetInt32();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (name is null) throw new InvalidOperationException("a program has no name");
        if (argv is not { Count: > 0 }) throw new InvalidOperationException($"program {name} has an empty argv");
        return new GuestProgram(name, argv, variants, timeout);
    }

    private static List<string> Strings(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartArray);
        var list = new List<string>();
        while (Next(ref reader) != JsonTokenType.EndArray) list.Add(reader.GetString() ?? throw new InvalidOperationException("null in a list of strings"));
        return list;
    }

    private static bool NextProperty(ref Utf8JsonReader reader)
    {
        var token = Next(ref reader);
        if (token == JsonTokenType.EndObject) return false;
        if (token != JsonTokenType.PropertyName) throw new InvalidOperationException("expected a property name");
        return true;
    }

    private static JsonTokenType Next(ref Utf8JsonReader reader) =>
        reader.Read() ? reader.TokenType : throw new InvalidOperationException("the file ends early");

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType token)
    {
        if (Next(ref reader) != token) throw new InvalidOperationException($"expected {token}");
    }
}
