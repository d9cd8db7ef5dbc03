using System.Globalization;
using System.Text.Json;

namespace Lab.Runner.Store;

/// <summary>
/// Lenient access to JSON: properties are found by name ignoring case, underscores and hyphens (trial_id,
/// trialId and TrialId are one name), and numbers may also come as strings ("12", "NaN", "Infinity").
/// The store's codecs read their files with it; the MLflow client reads the server's answers with it.
/// </summary>
internal static class JsonFields
{
    private static readonly JsonDocumentOptions Options = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    /// <summary>Parses a file of at most <paramref name="maxBytes"/> that a writer may still hold open.</summary>
    /// <exception cref="FormatException">The file is not a regular file, is larger, or is not valid JSON (the message names it).</exception>
    public static JsonDocument Parse(string path, int maxBytes)
    {
        var bytes = StoreFile.ReadAllBytes(path, maxBytes);
        try
        {
            return JsonDocument.Parse(bytes, Options);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"{path}: not valid JSON ({ex.Message})", ex);
        }
    }

    /// <summary>The property named <paramref name="name"/> (leniently), or null when it is missing or null.</summary>
    public static JsonElement? Find(JsonElement obj, string name)
    {
        if (obj.ValueKind != JsonValueKind.Object) return null;
        var wanted = Normalize(name);
        foreach (var property in obj.EnumerateObject())
            if (Normalize(property.Name) == wanted)
                return property.Value.ValueKind == JsonValueKind.Null ? null : property.Value;
        return null;
    }

    private static string Normalize(string name) =>
        name.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();

    /// <summary>A string, a number's text, or "true"/"false"; null when missing.</summary>
    public static string? String(JsonElement obj, string name) => Find(obj, name) is { } e ? AsString(e) : null;

    /// <summary><see cref="String"/>, null also when blank.</summary>
    public static string? NonBlank(JsonElement obj, string name) => String(obj, name) is { } s && !string.IsNullOrWhiteSpace(s) ? s : null;

    public static string AsString(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString() ?? "",
        JsonValueKind.Number => e.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null or JsonValueKind.Undefined => "",
        _ => e.GetRawText(),
    };

    public static double? Double(JsonElement obj, string name)
    {
        if (Find(obj, name) is not { } e) return null;
        if (e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out var d)) return d;
        if (e.ValueKind == JsonValueKind.String && double.TryParse(e.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out d)) return d;
        return null;
    }

    public static long? Long(JsonElement obj, string name)
    {
        if (Find(obj, name) is not { } e) return null;
        if (e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var l)) return l;
        if (e.ValueKind == JsonValueKind.String && long.TryParse(e.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out l)) return l;
        return null;
    }

    public static bool? Bool(JsonElement obj, string name) => Find(obj, name) switch
    {
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        _ => null,
    };

    /// <summary>The strings of an array property (numbers as their text); empty when missing or not an array.</summary>
    public static List<string> Strings(JsonElement obj, string name) =>
        Find(obj, name) is { ValueKind: JsonValueKind.Array } array
            ? [.. array.EnumerateArray().Select(AsString).Where(s => s.Length > 0)]
            : [];
}
