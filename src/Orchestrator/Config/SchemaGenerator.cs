using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MptcpMatrix.Orchestrator.Config;

/// <summary>
/// Generates matrix.yml's JSON Schema (draft-07) from the config types: snake_case keys, <see cref="DescriptionAttribute"/>,
/// <see cref="AllowedValuesAttribute"/> (enum), <see cref="RangeAttribute"/>, <see cref="RegularExpressionAttribute"/>,
/// <see cref="RequiredAttribute"/> and <see cref="MinLengthAttribute"/>; <c>additionalProperties: false</c> everywhere.
/// </summary>
internal static class SchemaGenerator
{
    public static string Generate()
    {
        var definitions = new JsonObject();
        var root = ObjectSchema(typeof(MatrixConfig), definitions);
        var schema = new JsonObject
        {
            ["$schema"] = "http://json-schema.org/draft-07/schema#",
            ["$id"] = "https://mptcpmatrix.invalid/matrix.schema.json",
            ["title"] = "MptcpMatrix matrix.yml",
        };
        foreach (var (key, value) in root) schema[key] = value?.DeepClone();
        schema["definitions"] = definitions;
        return schema.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }

    private static JsonObject ObjectSchema(Type type, JsonObject definitions)
    {
        var properties = new JsonObject();
        var required = new JsonArray();
        foreach (var (key, property) in ConfigKeys.Properties(type))
        {
            properties[key] = PropertySchema(property, definitions);
            if (property.GetCustomAttribute<RequiredAttribute>() is not null) required.Add(key);
        }

        var schema = new JsonObject { ["type"] = "object" };
        if (type.GetCustomAttribute<DescriptionAttribute>() is { } description) schema["description"] = description.Description;
        schema["properties"] = properties;
        if (required.Count > 0) schema["required"] = required;
        schema["additionalProperties"] = false;
        if (type == typeof(KernelConfig)) schema["allOf"] = KernelSourceRules();
        return schema;
    }

    /// <summary>Per source: which keys are allowed and required (if source == X then ...), from <see cref="KnownValues.SourceKeys"/>.</summary>
    private static JsonArray KernelSourceRules()
    {
        var rules = new JsonArray();
        foreach (var (source, keys) in KnownValues.SourceKeys)
        {
            var then = new JsonObject { ["propertyNames"] = new JsonObject { ["enum"] = new JsonArray(keys.Select(k => (JsonNode?)JsonValue.Create(k)).ToArray()) } };
            switch (source)
            {
                case "debian":
                    then["oneOf"] = new JsonArray(new JsonObject { ["required"] = new JsonArray("suite") }, new JsonObject { ["required"] = new JsonArray("package") });
                    break;
                case "path":
                    then["required"] = new JsonArray("path");
                    break;
                case "url":
                    then["required"] = new JsonArray("url", "sha256");
                    break;
                case "mainline":
                    then["required"] = new JsonArray("version");
                    break;
                case "build":
                    then["required"] = new JsonArray("tree");
                    break;
            }

            rules.Add(new JsonObject
            {
                ["if"] = new JsonObject { ["properties"] = new JsonObject { ["source"] = new JsonObject { ["const"] = source } } },
                ["then"] = then,
            });
        }

        return rules;
    }

    private static JsonObject PropertySchema(PropertyInfo property, JsonObject definitions)
    {
        var type = property.PropertyType;
        var nullable = new NullabilityInfoContext().Create(property).WriteState == NullabilityState.Nullable;
        JsonObject schema;
        if (type == typeof(string))
        {
            schema = Scalar("string", property);
        }
        else if (type == typeof(int))
        {
            schema = Scalar("integer", property);
        }
        else if (type == typeof(bool))
        {
            schema = new JsonObject { ["type"] = "boolean" };
        }
        else if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>))
        {
            schema = new JsonObject
            {
                ["type"] = "object",
                ["additionalProperties"] = property.GetCustomAttribute<ScalarValuesAttribute>() is not null
                    ? new JsonObject { ["type"] = new JsonArray("string", "integer", "number", "boolean") }
                    : new JsonObject { ["type"] = "string" },
            };
            if (property.GetCustomAttribute<PropertyNamePatternAttribute>() is { } names)
                schema["propertyNames"] = new JsonObject { ["pattern"] = names.Pattern };
        }
        else if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
        {
            var element = type.GetGenericArguments()[0];
            JsonNode items = element == typeof(string) ? Scalar("string", property) : Reference(element, definitions);
            schema = new JsonObject { ["type"] = "array", ["items"] = items };
            if (element == typeof(string)) schema["uniqueItems"] = true;
            if (property.GetCustomAttribute<MinLengthAttribute>() is { } min) schema["minItems"] = min.Length;
        }
        else
        {
            schema = Reference(type, definitions);
        }

        if (property.GetCustomAttribute<DescriptionAttribute>() is { } description)
        {
            if (schema.ContainsKey("$ref")) schema = new JsonObject { ["allOf"] = new JsonArray(schema) };
            schema["description"] = description.Description;
        }

        if (nullable && schema["type"] is JsonValue t)
        {
            schema["type"] = new JsonArray(t.GetValue<string>(), "null");
            if (schema["enum"] is JsonArray values) values.Add(null);
        }

        return schema;
    }

    private static JsonObject Scalar(string jsonType, PropertyInfo property)
    {
        var schema = new JsonObject { ["type"] = jsonType };
        if (property.GetCustomAttribute<AllowedValuesAttribute>() is { } allowed)
            schema["enum"] = new JsonArray(allowed.Values.Select(v => (JsonNode?)JsonValue.Create(v?.ToString())).ToArray());
        if (property.GetCustomAttribute<RegularExpressionAttribute>() is { } regex) schema["pattern"] = regex.Pattern;
        if (property.GetCustomAttribute<RangeAttribute>() is { } range)
        {
            schema["minimum"] = Convert.ToInt32(range.Minimum, System.Globalization.CultureInfo.InvariantCulture);
            schema["maximum"] = Convert.ToInt32(range.Maximum, System.Globalization.CultureInfo.InvariantCulture);
        }

        return schema;
    }

    private static JsonObject Reference(Type type, JsonObject definitions)
    {
        var name = type.Name;
        if (!definitions.ContainsKey(name))
        {
            definitions[name] = new JsonObject(); // placeholder against recursion
            definitions[name] = ObjectSchema(type, definitions);
        }

        return new JsonObject { ["$ref"] = "#/definitions/" + name };
    }
}
