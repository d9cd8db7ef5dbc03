using System.Globalization;
using System.Text.Json;
using Lab.Runner.Config;

namespace Lab.Runner.Store;

/// <summary>
/// Lenient access to the store's JSON files: properties are found by name ignoring case and
/// underscores (trial_id, trialId and TrialId are one name), and numbers may also come as strings.
/// </summary>
internal static class JsonFields
{
    public static JsonDocument Parse(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
    }

    public static JsonElement? Find(JsonElement obj, string name)
    {
        if (obj.ValueKind != JsonValueKind.Object) return null;
        var wanted = Normalize(name);
        foreach (var property in obj.EnumerateObject())
            if (Normalize(property.Name) == wanted)
                return property.Value.ValueKind == JsonValueKind.Null ? null : property.Value;
        return null;
    }

    private static string Normalize(string name) => name.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();

    public static string? String(JsonElement obj, string name) => Find(obj, name) is { } e ? AsString(e) : null;

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
        if (Double(obj, name) is double d && d == Math.Floor(d) && Math.Abs(d) < 9e15) return (long)d;
        return null;
    }
}
