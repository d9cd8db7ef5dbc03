namespace Lab.Runner.Tracking.Mlflow;

/// <summary>
/// Timeouts and the retry schedule. Retries (408, 429, 500, 502, 503, 504, timeouts, connection errors)
/// back off exponentially with jitter from <see cref="BaseDelay"/> up to <see cref="MaxDelay"/>, and stop
/// once <see cref="RetryBudget"/> has passed since the first attempt or after <see cref="MaxRetries"/>.
/// </summary>
internal sealed record MlflowClientOptions
{
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>Artifact uploads (the model) may take longer than a JSON call.</summary>
    public TimeSpan ArtifactTimeout { get; init; } = TimeSpan.FromMinutes(5);
    public TimeSpan RetryBudget { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(15);
    public int MaxRetries { get; init; } = 10;
    /// <summary>Retry budget of <see cref="MlflowClient.ProbeAsync"/>: how long `runner mlflow sync` tries to reach a server before saying it cannot.</summary>
    public TimeSpan ProbeBudget { get; init; } = TimeSpan.FromSeconds(3);
    /// <summary>Request timeout of <see cref="MlflowClient.ProbeAsync"/>.</summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
