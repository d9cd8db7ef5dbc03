using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Lab.Runner.Config;

namespace Lab.Runner.Tracking.Mlflow;

/// <summary>
/// The JSON of MLflow's REST API (protobuf JSON mapping): writing requests with Utf8JsonWriter and reading
/// answers with JsonDocument. Non-finite metric values are written as the strings "NaN", "Infinity" and
/// "-Infinity"; int64 fields are read whether the server sends numbers or strings.
/// </summary>
internal static class MlflowJson
{
    public static string Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
            body(writer);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static int ByteCount(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
            body(writer);
        return buffer.WrittenCount;
    }

    public static void WriteMetric(Utf8JsonWriter w, MlflowMetric m)
    {
        w.WriteStartObject();
        w.WriteString("key", m.Key);
        if (double.IsNaN(m.Value)) w.WriteString("value", "NaN");
        else if (double.IsPositiveInfinity(m.Value)) w.WriteString("value", "Infinity");
        else if (double.IsNegativeInfinity(m.Value)) w.WriteString("value", "-Infinity");
        else w.WriteNumber("value", m.Value);
        w.WriteNumber("timestamp", m.TimestampMs);
        w.WriteNumber("step", m.Step);
        w.WriteEndObject();
    }

    public static void WriteKeyValue(Utf8JsonWriter w, string key, string value)
    {
        w.WriteStartObject();
        w.WriteString("key", key);
        w.WriteString("value", value);
        w.WriteEndObject();
    }

    public static void WriteTags(Utf8JsonWriter w, string name, IEnumerable<KeyValuePair<string, string>> tags)
    {
        w.WriteStartArray(name);
        foreach (var (key, value) in tags) WriteKeyValue(w, key, value);
        w.WriteEndArray();
    }

    public static string? String(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var p)
            ? p.ValueKind switch
            {
                JsonValueKind.String => p.GetString(),
                JsonValueKind.Number => p.GetRawText(),
                _ => null,
            }
            : null;

    public static long? Int64(JsonElement e, string name)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var p)) return null;
        if (p.ValueKind == JsonValueKind.Number && p.TryGetInt64(out var n)) return n;
        if (p.ValueKind == JsonValueKind.String && long.TryParse(p.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s)) return s;
        return null;
    }

    public static double? Double(JsonElement e, string name)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var p)) return null;
        if (p.ValueKind == JsonValueKind.Number) return p.GetDouble();
        if (p.ValueKind == JsonValueKind.String)
            return p.GetString() switch
            {
                "NaN" => double.NaN,
                "Infinity" => double.PositiveInfinity,
                "-Infinity" => double.NegativeInfinity,
                var s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
                _ => null,
            };
        return null;
    }

    public static Dictionary<string, string> KeyValues(JsonElement e, string name)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array)
            foreach (var item in array.EnumerateArray())
                if (String(item, "key") is { } key)
                    result[key] = String(item, "value") ?? "";
        return result;
    }

    public static MlflowRunInfo RunInfo(JsonElement info) => new(
        String(info, "run_id") ?? String(info, "run_uuid") ?? "",
        String(info, "experiment_id") ?? "",
        String(info, "run_name"),
        String(info, "status") ?? MlflowRunStatus.Running,
        Int64(info, "start_time"),
        Int64(info, "end_time"),
        String(info, "artifact_uri"),
        String(info, "lifecycle_stage") ?? "active");

    public static MlflowRun Run(JsonElement run)
    {
        var info = RunInfo(run.GetProperty("info"));
        var data = run.TryGetProperty("data", out var d) ? d : default;
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        if (data.ValueKind == JsonValueKind.Object && data.TryGetProperty("metrics", out var ms) && ms.ValueKind == JsonValueKind.Array)
            foreach (var m in ms.EnumerateArray())
                if (String(m, "key") is { } key && Double(m, "value") is { } value)
                    metrics[key] = value;
        return new MlflowRun(info, KeyValues(data, "params"), KeyValues(data, "tags"), metrics);
    }

    public static MlflowExperiment Experiment(JsonElement e) => new(
        String(e, "experiment_id") ?? "",
        String(e, "name") ?? "",
        String(e, "lifecycle_stage") ?? "active",
        String(e, "artifact_location"),
        KeyValues(e, "tags"));
}
