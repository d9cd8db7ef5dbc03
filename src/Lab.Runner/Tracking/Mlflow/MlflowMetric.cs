namespace Lab.Runner.Tracking.Mlflow;

/// <summary>
/// One metric point. <see cref="TimestampMs"/> is when it was recorded (not when sent), so a resent point
/// is identical and MLflow's SQL store keeps it once.
/// </summary>
internal readonly record struct MlflowMetric(string Key, double Value, long TimestampMs, long Step);
