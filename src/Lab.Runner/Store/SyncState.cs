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

    /// <summary>
    /// Rows of metrics.csv below this count may hold points on the server beyond <see cref="MetricRowsSynced"/>:
    /// a request carrying them got no answer, or the run was found again without its mlflow.json. Their points
    /// are checked against the server's metric history before they are sent. 0 = none.
    /// </summary>
    [JsonPropertyName("unconfirmed_metric_rows")] public int UnconfirmedMetricRows { get; set; }
    /// <summary>As <see cref="UnconfirmedMetricRows"/>, for rows of eval.csv.</summary>
    [JsonPropertyName("unconfirmed_eval_rows")] public int UnconfirmedEvalRows { get; set; }
    /// <summary>The final/... points may be on the server although <see cref="FinalSent"/> is false.</summary>
    [JsonPropertyName("unconfirmed_final")] public bool UnconfirmedFinal { get; set; }

    public SyncState Copy() => new()
    {
        ExperimentId = ExperimentId, RunId = RunId, ParamsSent = ParamsSent, MetricRowsSynced = MetricRowsSynced,
        EvalRowsSynced = EvalRowsSynced, FinalSent = FinalSent, ArtifactsSent = [.. ArtifactsSent], StatusSent = StatusSent,
        UnconfirmedMetricRows = UnconfirmedMetricRows, UnconfirmedEvalRows = UnconfirmedEvalRows, UnconfirmedFinal = UnconfirmedFinal,
    };

    public bool SameAs(SyncState other) =>
        ExperimentId == other.ExperimentId && RunId == other.RunId && ParamsSent == other.ParamsSent
        && MetricRowsSynced == other.MetricRowsSynced && EvalRowsSynced == other.EvalRowsSynced
        && FinalSent == other.FinalSent && StatusSent == other.StatusSent && ArtifactsSent.SequenceEqual(other.ArtifactsSent)
        && UnconfirmedMetricRows == other.UnconfirmedMetricRows && UnconfirmedEvalRows == other.UnconfirmedEvalRows
        && UnconfirmedFinal == other.UnconfirmedFinal;
}
