using System.Text.Json.Serialization;

namespace MptcpMatrix.Agent.Init;

/// <summary>Source-generated serializer for plain strings (the error frame's message).</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class ContractJsonStrings : JsonSerializerContext;
