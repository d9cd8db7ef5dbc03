namespace Lab.Runner.Tracking.Mlflow;

/// <summary>An MLflow experiment as experiments/get-by-name returns it.</summary>
internal sealed record MlflowExperiment(
    string ExperimentId,
    string Name,
    string LifecycleStage,
    string? ArtifactLocation,
    IReadOnlyDictionary<string, string> Tags)
{
    public bool IsActive => LifecycleStage == "active";
}
