using System.Text.Json.Serialization;

namespace MptcpMatrix.Orchestrator.Reporting;

/// <summary>What <c>matrix report --on-duplicate</c> does with one cell id whose inputs disagree (identical duplicates always merge).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DuplicatePolicy>))]
internal enum DuplicatePolicy
{
    /// <summary>Refuse: exit 2 naming the files and their verdicts (the default).</summary>
    [JsonStringEnumMemberName("fail")] Fail,

    /// <summary>Keep the result that ended last; the others are listed in every report.</summary>
    [JsonStringEnumMemberName("latest")] Latest,
}
