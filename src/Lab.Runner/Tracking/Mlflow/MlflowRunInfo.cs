namespace Lab.Runner.Tracking.Mlflow;

/// <summary>The run's info block (runs/get, runs/create, runs/search).</summary>
/// <param name="Status">RUNNING, SCHEDULED, FINISHED, FAILED or KILLED.</param>
/// <param name="ArtifactUri">e.g. mlflow-artifacts:/1/&lt;run_id&gt;/artifacts when the server proxies artifacts.</param>
/// <param name="LifecycleStage">active or deleted.</param>
internal sealed record MlflowRunInfo(
    string RunId,
    string ExperimentId,
    string? RunName,
    string Status,
    long? StartTimeMs,
    long? EndTimeMs,
    string? ArtifactUri,
    string LifecycleStage)
{
    public bool IsActive => LifecycleStage == "active";
}
