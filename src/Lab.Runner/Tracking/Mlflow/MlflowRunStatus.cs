namespace Lab.Runner.Tracking.Mlflow;

/// <summary>MLflow's RunStatus names (as sent in runs/update).</summary>
internal static class MlflowRunStatus
{
    public const string Running = "RUNNING";
    public const string Finished = "FINISHED";
    public const string Failed = "FAILED";
    public const string Killed = "KILLED";
}
