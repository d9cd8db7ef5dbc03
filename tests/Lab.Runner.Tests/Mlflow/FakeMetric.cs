namespace Lab.Runner.Tests.Mlflow;

/// <summary>One stored metric point; MLflow's SQL store keys points by (key, value, timestamp, step).</summary>
public readonly record struct FakeMetric(string Key, double Value, long Timestamp, long Step)
{
    public bool SamePoint(FakeMetric other) =>
        Key == other.Key && Timestamp == other.Timestamp && Step == other.Step
        && (Value.Equals(other.Value) || (double.IsNaN(Value) && double.IsNaN(other.Value)));
}
