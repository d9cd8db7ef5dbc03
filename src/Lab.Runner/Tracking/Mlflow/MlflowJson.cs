using System.Buffers;
using System.Text.Json;
using Lab.Runner.Store;

namespace Lab.Runner.Tracking.Mlflow;

/// <summary>
/// The JSON of MLflow's REST API (protobuf JSON mapping): writing requests with Utf8JsonWriter and reading
/// answers with JsonDocument. Non-finite metric values are written as the strings "NaN", "Infinity" and
/// "-Infinity"; answers are read through <see cref="JsonFields"/>, so int64 fields are read whether the
/// server sends numbers or strings.
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

    public static Dictionary<string, string> KeyValues(JsonElement e, string name)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array)
            foreach (var item in array.EnumerateArray())
                if (JsonFields.String(item, "key") is { } key)
                    result[key] = JsonFields.String(item, "value") ?? "";
        return result;
    }

    public static MlflowRunInfo RunInfo(JsonElement info) => new(
        JsonFields.String(info, "run_id") ?? JsonFields.String(info, "run_uuid") ?? "",
        JsonFields.String(info, "experiment_id") ?? "",
        JsonFields.String(info, "run_name"),
        JsonFields.String(info, "status") ?? MlflowRunStatus.Running,
        JsonFields.Long(info, "start_time"),
        JsonFields.Long(info, "end_time"),
        JsonFields.String(info, "artifact_uri"),
        JsonFields.String(info, "lifecycle_stage") ?? "active");

    public static MlflowRun Run(JsonElement run)
    {
        var info = RunInfo(run.GetProperty("info"));
        var data = run.TryGetProperty("data", out var d) ? d : default;
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        if (data.ValueKind == JsonValueKind.Object && data.TryGetProperty("metrics", out var ms) && ms.ValueKind == JsonValueKind.Array)
            foreach (var m in ms.EnumerateArray())
                if (JsonFields.String(m, "key") is { } key && JsonFields.Double(m, "value") is { } value)
                    metrics[key] = value;
        return new MlflowRun(info, KeyValues(data, "params"), KeyValues(data, "tags"), metrics);
    }

    /// <summary>One point of metrics/get-history; null when a field is missing.</summary>
    public static MlflowMetric? Metric(JsonElement m) =>
        JsonFields.String(m, "key") is { } key && JsonFields.Double(m, "value") is { } value && JsonFields.Long(m, "timestamp") is { } timestamp
            ? new MlflowMetric(key, value, timestamp, JsonFields.Long(m, "step") ?? 0)
            : null;

    public static MlflowExperiment Experiment(JsonElement e) => new(
        JsonFields.String(e, "experiment_id") ?? "",
        JsonFields.String(e, "name") ?? "",
        JsonFields.String(e, "lifecycle_stage") ?? "active",
        JsonFields.String(e, "artifact_location"),
        KeyValues(e, "tags"));
}
