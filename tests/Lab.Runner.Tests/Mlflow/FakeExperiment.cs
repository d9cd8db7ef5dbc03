namespace Lab.Runner.Tests.Mlflow;

/// <summary>An experiment as the fake MLflow server holds it.</summary>
public sealed class FakeExperiment
{
    public required string ExperimentId { get; init; }
    public required string Name { get; init; }
    public string LifecycleStage { get; set; } = "active";
    public Dictionary<string, string> Tags { get; init; } = new(StringComparer.Ordinal);

    public FakeExperiment Copy() => new()
    {
        ExperimentId = ExperimentId, Name = Name, LifecycleStage = LifecycleStage, Tags = new(Tags, StringComparer.Ordinal),
    };
}
