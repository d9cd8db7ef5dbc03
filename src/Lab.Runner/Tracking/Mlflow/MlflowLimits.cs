namespace Lab.Runner.Tracking.Mlflow;

/// <summary>The request limits of MLflow's tracking server (mlflow/utils/validation.py, MLflow 2.17+).</summary>
internal static class MlflowLimits
{
    public const int MaxMetricsPerBatch = 1000;
    public const int MaxParamsPerBatch = 100;
    public const int MaxTagsPerBatch = 100;
    public const int MaxEntitiesPerBatch = 1000;
    /// <summary>MAX_BATCH_LOG_REQUEST_SIZE = int(1e6) bytes of request JSON.</summary>
    public const int MaxBatchRequestBytes = 1_000_000;
    public const int MaxKeyLength = 250;
    /// <summary>Longer param values are cut by the server (MLFLOW_TRUNCATE_LONG_VALUES) or refused.</summary>
    public const int MaxParamValueLength = 6000;
    /// <summary>Longer run tag values are cut by the server.</summary>
    public const int MaxTagValueLength = 8000;
    public const int MaxExperimentTagValueLength = 5000;
    public const int MaxExperimentNameLength = 500;
}
