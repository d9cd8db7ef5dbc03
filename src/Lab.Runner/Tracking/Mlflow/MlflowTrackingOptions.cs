namespace Lab.Runner.Tracking.Mlflow;

/// <summary>Knobs of the live sink (tests shorten them).</summary>
internal sealed record MlflowTrackingOptions
{
    public MlflowClientOptions Client { get; init; } = new() { RetryBudget = TimeSpan.FromSeconds(30) };
    /// <summary>Metrics wait at most this long before they are sent (or until 1,000 are pending).</summary>
    public TimeSpan BatchWindow { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>How long <see cref="MlflowTracking.Complete"/> waits by default for the queue to drain.</summary>
    public TimeSpan FlushTimeout { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>At <see cref="MlflowTracking.Complete"/>, a server that has failed every request for this long, this long after Complete began too, is given up.</summary>
    public TimeSpan UnreachableGrace { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>After the server failed (past the retry budget), sending pauses this long, doubling up to <see cref="RetryPauseMax"/> while it keeps failing.</summary>
    public TimeSpan RetryPause { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan RetryPauseMax { get; init; } = TimeSpan.FromMinutes(1);
    /// <summary>Events held in memory at most, queued or per trial unsent; beyond, a trial stops live logging (sync sends the rest).</summary>
    public int QueueCapacity { get; init; } = 1_000_000;
}
