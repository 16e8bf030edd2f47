using System.Text.Json;
using MptcpMatrix.Agent.Host;
using MptcpMatrix.Contracts;

namespace MptcpMatrix.Agent.Init;

/// <summary>
/// Reads an <see cref="InitPlan"/> (the JSON the VM backend writes with the contract's snake_case names) with a bare
/// <see cref="Utf8JsonReader"/>. The source-generated deserializer does the same but first builds the metadata of
/// every type and converter it might need; in a guest under TCG, where each piece of code run for the first time is
/// translated, that set-up was ~0.1 s of a ~0.7 s agent run. Same rules as <c>ContractJson</c>: names are matched
/// exactly, unknown properties are skipped, <c>seed</c> may be null, absent members take the record's defaults
/// (InitPlanTests keeps both readers in step).
/// </summary>
internal static class InitPlanReader
{
    /// <param name="source">Where the JSON came from, for messages (the plan file's path).</param>
    public static InitPlan Read(ReadOnlySpan<byte> json, string source)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            var plan = ReadPlan(ref reader);
            if (reader.Read()) throw Invalid(ref reader, "unexpected data after the plan");
            return plan;
        }
        catch (InvalidDataException e)
        {
            throw new AgentException("init", $"the init plan {source} is not valid: {e.Message}");
        }
        catch (JsonException e)
        {
            throw new AgentException("init", $"the init plan {source} is not valid JSON: {e.Message}");
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            // Utf8JsonReader's Get* on a token of another type (a number where a string belongs, ...) or a number out
            // of range (a negative seed).
            throw new AgentException("init", $"the init plan {source} has a value of the wrong type: {e.Message}");
        }
    }

    private static InitPlan ReadPlan(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject, "the plan");
        List<InitVariant>? variants = null;
        ulong? seed = null;
        var timeout = 15;
        var device = "/dev/ttyS1";
        List<string>? suites = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("variants"u8))
            {
                Expect(ref reader, JsonTokenType.StartArray, "variants");
                variants = [];
                while (Next(ref reader) != JsonTokenType.EndArray) variants.Add(ReadVariant(ref reader));
            }
            else if (reader.ValueTextEquals("seed"u8))
            {
                reader.Read();
                seed = reader.TokenType == JsonTokenType.Null ? null : reader.GetUInt64();
            }
            else if (reader.ValueTextEquals("timeout_seconds"u8))
            {
                reader.Read();
                timeout = reader.GetInt32();
            }
            else if (reader.ValueTextEquals("result_device"u8))
            {
                reader.Read();
                device = reader.GetString() ?? throw Invalid(ref reader, "result_device is null");
            }
            else if (reader.ValueTextEquals("suites"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.Null)
                {
                    if (reader.TokenType != JsonTokenType.StartArray) throw Invalid(ref reader, "suites must be an array");
                    suites = [];
                    while (Next(ref reader) != JsonTokenType.EndArray)
                        suites.Add(reader.GetString() ?? throw Invalid(ref reader, "a suite is null"));
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new InitPlan(variants ?? throw Invalid(ref reader, "the plan has no variants"), seed, timeout, device, suites);
    }

    private static InitVariant ReadVariant(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw Invalid(ref reader, "a variant must be an object");
        string? name = null;
        List<string>? families = null;
        Dictionary<string, string>? sysctls = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                name = reader.GetString();
            }
            else if (reader.ValueTextEquals("families"u8))
            {
                Expect(ref reader, JsonTokenType.StartArray, "families");
                families = [];
                while (Next(ref reader) != JsonTokenType.EndArray)
                    families.Add(reader.GetString() ?? throw Invalid(ref reader, "a family is null"));
            }
            else if (reader.ValueTextEquals("sysctls"u8))
            {
                Expect(ref reader, JsonTokenType.StartObject, "sysctls");
                sysctls = new Dictionary<string, string>(StringComparer.Ordinal);
                while (NextProperty(ref reader))
                {
                    var key = reader.GetString()!;
                    reader.Read();
                    sysctls[key] = reader.GetString() ?? throw Invalid(ref reader, $"sysctl {key} is null");
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new InitVariant(
            name ?? throw Invalid(ref reader, "a variant has no name"),
            families ?? throw Invalid(ref reader, $"variant {name} has no families"),
            sysctls ?? new Dictionary<string, string>(StringComparer.Ordinal));
    }

    /// <summary>Advances to the next property name of the current object; false at its end.</summary>
    private static bool NextProperty(ref Utf8JsonReader reader)
    {
        var token = Next(ref reader);
        if (token == JsonTokenType.EndObject) return false;
        if (token != JsonTokenType.PropertyName) throw Invalid(ref reader, "expected a property name");
        return true;
    }

    private static JsonTokenType Next(ref Utf8JsonReader reader) =>
        reader.Read() ? reader.TokenType : throw Invalid(ref reader, "the plan ends early");

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType token, string what)
    {
        if (Next(ref reader) != token) throw Invalid(ref reader, $"{what} must be {(token == JsonTokenType.StartArray ? "an array" : "an object")}");
    }

    /// <summary>A plan that is JSON but not an InitPlan; <see cref="Read"/> turns it into the init error naming the file.</summary>
    private static InvalidDataException Invalid(ref Utf8JsonReader reader, string what) =>
        new($"{what} (at byte {reader.TokenStartIndex})");
}
