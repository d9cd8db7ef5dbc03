using System.Text.Json.Serialization;

namespace Lab.Runner.Store;

/// <summary>
/// How far one trial has been sent to one MLflow server (a block of results/&lt;exp&gt;/&lt;trial&gt;/mlflow.json).
/// Counters only move after the server acknowledged the request, so what they count is on the server.
/// </summary>
internal sealed class SyncState
{
    [JsonPropertyName("experiment_id")] public string? ExperimentId { get; set; }
    [JsonPropertyName("run_id")] public string? RunId { get; set; }
    [JsonPropertyName("params_sent")] public bool ParamsSent { get; set; }
    /// <summary>Rows of metrics.csv (episodes, in order) whose metrics are on the server.</summary>
    [JsonPropertyName("metric_rows_synced")] public int MetricRowsSynced { get; set; }
    /// <summary>Rows of eval.csv whose metrics are on the server.</summary>
    [JsonPropertyName("eval_rows_synced")] public int EvalRowsSynced { get; set; }
    /// <summary>The final/... metrics and dqnlab.status tag are on the server.</summary>
    [JsonPropertyName("final_sent")] public bool FinalSent { get; set; }
    [JsonPropertyName("artifacts_sent")] public List<string> ArtifactsSent { get; set; } = [];
    /// <summary>The terminal run status set on the server (FINISHED, FAILED, KILLED), or null while RUNNING.</summary>
    [JsonPropertyName("status_sent")] public string? StatusSent { get; set; }

    public SyncState Copy() => new()
    {
        ExperimentId = ExperimentId, RunId = RunId, ParamsSent = ParamsSent, MetricRowsSynced = MetricRowsSynced,
        EvalRowsSynced = EvalRowsSynced, FinalSent = FinalSent, ArtifactsSent = [.. ArtifactsSent], StatusSent = StatusSent,
    };

    public bool SameAs(SyncState other) =>
        ExperimentId == other.ExperimentId && RunId == other.RunId && ParamsSent == other.ParamsSent
        && MetricRowsSynced == other.MetricRowsSynced && EvalRowsSynced == other.EvalRowsSynced
        && FinalSent == other.FinalSent && StatusSent == other.StatusSent && ArtifactsSent.SequenceEqual(other.ArtifactsSent);
}
