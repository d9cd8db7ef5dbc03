namespace Lab.Runner.Tracking.Mlflow;

/// <summary>A run with its data: params, tags, and the latest value of each metric.</summary>
internal sealed record MlflowRun(
    MlflowRunInfo Info,
    IReadOnlyDictionary<string, string> Params,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyDictionary<string, double> LatestMetrics);
