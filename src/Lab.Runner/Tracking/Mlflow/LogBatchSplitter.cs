using System.Text.Json;

namespace Lab.Runner.Tracking.Mlflow;

/// <summary>
/// Splits one logical log-batch into requests that each respect MLflow's limits: at most 1,000 metrics
/// (or fewer, when asked), 100 params, 100 tags and 1,000 entities in all, and at most 1 MB of JSON.
/// Params go first, then tags, then metrics, in the order given.
/// </summary>
internal static class LogBatchSplitter
{
    internal sealed record Chunk(
        IReadOnlyList<MlflowMetric> Metrics,
        IReadOnlyList<KeyValuePair<string, string>> Params,
        IReadOnlyList<KeyValuePair<string, string>> Tags);

    public static IReadOnlyList<Chunk> Split(
        string runId,
        IReadOnlyList<MlflowMetric> metrics,
        IReadOnlyList<KeyValuePair<string, string>> parameters,
        IReadOnlyList<KeyValuePair<string, string>> tags,
        int maxBytes = MlflowLimits.MaxBatchRequestBytes,
        int maxMetrics = MlflowLimits.MaxMetricsPerBatch)
    {
        var overhead = MlflowJson.ByteCount(w => WriteBody(w, runId, [], [], []));
        var chunks = new List<Chunk>();
        var m = new List<MlflowMetric>();
        var p = new List<KeyValuePair<string, string>>();
        var t = new List<KeyValuePair<string, string>>();
        var bytes = overhead;

        void Close()
        {
            if (m.Count + p.Count + t.Count == 0) return;
            chunks.Add(new Chunk(m.ToArray(), p.ToArray(), t.ToArray()));
            m.Clear();
            p.Clear();
            t.Clear();
            bytes = overhead;
        }

        bool Fits(int itemBytes, bool kindFull) =>
            !kindFull && m.Count + p.Count + t.Count < MlflowLimits.MaxEntitiesPerBatch && bytes + itemBytes + 1 <= maxBytes;

        foreach (var param in parameters)
        {
            var size = MlflowJson.ByteCount(w => MlflowJson.WriteKeyValue(w, param.Key, param.Value));
            if (!Fits(size, p.Count >= MlflowLimits.MaxParamsPerBatch)) Close();
            p.Add(param);
            bytes += size + 1;
        }
        foreach (var tag in tags)
        {
            var size = MlflowJson.ByteCount(w => MlflowJson.WriteKeyValue(w, tag.Key, tag.Value));
            if (!Fits(size, t.Count >= MlflowLimits.MaxTagsPerBatch)) Close();
            t.Add(tag);
            bytes += size + 1;
        }
        foreach (var metric in metrics)
        {
            var size = MlflowJson.ByteCount(w => MlflowJson.WriteMetric(w, metric));
            if (!Fits(size, m.Count >= maxMetrics)) Close();
            m.Add(metric);
            bytes += size + 1;
        }
        Close();
        return chunks;
    }

    public static string Body(string runId, Chunk chunk) =>
        MlflowJson.Write(w => WriteBody(w, runId, chunk.Metrics, chunk.Params, chunk.Tags));

    private static void WriteBody(Utf8JsonWriter w, string runId, IReadOnlyList<MlflowMetric> metrics,
        IReadOnlyList<KeyValuePair<string, string>> parameters, IReadOnlyList<KeyValuePair<string, string>> tags)
    {
        w.WriteStartObject();
        w.WriteString("run_id", runId);
        w.WriteStartArray("metrics");
        foreach (var metric in metrics) MlflowJson.WriteMetric(w, metric);
        w.WriteEndArray();
        MlflowJson.WriteTags(w, "params", parameters);
        MlflowJson.WriteTags(w, "tags", tags);
        w.WriteEndObject();
    }
}
