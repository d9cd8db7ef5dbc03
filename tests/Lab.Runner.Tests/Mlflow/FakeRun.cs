namespace Lab.Runner.Tests.Mlflow;

/// <summary>A run as the fake MLflow server holds it (tests read copies).</summary>
public sealed class FakeRun
{
    public required string RunId { get; init; }
    public required string ExperimentId { get; init; }
    public string? RunName { get; set; }
    public string Status { get; set; } = "RUNNING";
    public long? StartTime { get; set; }
    public long? EndTime { get; set; }
    public string LifecycleStage { get; set; } = "active";
    public required string ArtifactUri { get; init; }
    public string? UserId { get; set; }
    public Dictionary<string, string> Params { get; init; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> Tags { get; init; } = new(StringComparer.Ordinal);
    public List<FakeMetric> Metrics { get; init; } = [];

    public string? Tag(string key) => Tags.TryGetValue(key, out var value) ? value : null;

    public FakeRun Copy() => new()
    {
        RunId = RunId, ExperimentId = ExperimentId, RunName = RunName, Status = Status, StartTime = StartTime,
        EndTime = EndTime, LifecycleStage = LifecycleStage, ArtifactUri = ArtifactUri, UserId = UserId,
        Params = new(Params, StringComparer.Ordinal), Tags = new(Tags, StringComparer.Ordinal), Metrics = [.. Metrics],
    };
}
