using System.Text.Json.Serialization;
using System.Text.Json;

namespace Lab.Runner.Store;

/// <summary>
/// results/&lt;exp&gt;/&lt;trial&gt;/mlflow.json: one <see cref="SyncState"/> per MLflow server, keyed by the
/// server's address without credentials. Written atomically (temporary file, then rename).
/// <code>
/// { "format": 1, "servers": { "http://127.0.0.1:5000": { "run_id": "...", "metric_rows_synced": 120, ... } } }
/// </code>
/// </summary>
internal static class SyncStateFile
{
    public const string FileName = ResultsLayout.SyncStateFile;
    private const int Format = 1;

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    private sealed class Document
    {
        [JsonPropertyName("format")] public int Format { get; set; } = SyncStateFile.Format;
        [JsonPropertyName("servers")] public SortedDictionary<string, SyncState> Servers { get; set; } = new(StringComparer.Ordinal);
    }

    public static string PathIn(string trialDirectory) => Path.Combine(trialDirectory, FileName);

    /// <summary>Every server's state; empty when the file is missing or unreadable (then everything is sent again, safely).</summary>
    public static SortedDictionary<string, SyncState> Load(string trialDirectory)
    {
        var path = PathIn(trialDirectory);
        try
        {
            if (!StoreFile.Exists(path)) return new SortedDictionary<string, SyncState>(StringComparer.Ordinal);
            var document = JsonSerializer.Deserialize<Document>(StoreFile.ReadAllBytes(path, StoreLimits.MaxTrialJsonBytes), Options);
            return new SortedDictionary<string, SyncState>(document?.Servers ?? [], StringComparer.Ordinal);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return new SortedDictionary<string, SyncState>(StringComparer.Ordinal);
        }
    }

    public static void Save(string trialDirectory, SortedDictionary<string, SyncState> servers)
    {
        var document = new Document { Servers = servers };
        AtomicFile.WriteAllText(PathIn(trialDirectory), JsonSerializer.Serialize(document, Options) + "\n");
    }
}
