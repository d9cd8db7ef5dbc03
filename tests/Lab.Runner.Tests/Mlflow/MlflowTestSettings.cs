using Lab.Runner.Tracking.Mlflow;

namespace Lab.Runner.Tests.Mlflow;

/// <summary>Short timeouts and tiny backoffs, so tests with faults stay fast; loopback only.</summary>
public static class MlflowTestSettings
{
    internal static MlflowClientOptions Client { get; } = new()
    {
        RequestTimeout = TimeSpan.FromSeconds(5),
        ArtifactTimeout = TimeSpan.FromSeconds(5),
        RetryBudget = TimeSpan.FromSeconds(0.75),
        BaseDelay = TimeSpan.FromMilliseconds(5),
        MaxDelay = TimeSpan.FromMilliseconds(50),
        MaxRetries = 50,
    };

    internal static MlflowTrackingOptions Tracking { get; } = new()
    {
        Client = Client,
        BatchWindow = TimeSpan.FromMilliseconds(30),
        FlushTimeout = TimeSpan.FromSeconds(30),
        UnreachableGrace = TimeSpan.FromSeconds(1),
        RetryPause = TimeSpan.FromMilliseconds(20),
        RetryPauseMax = TimeSpan.FromMilliseconds(200),
    };

    /// <summary>An environment with only these variables (tests never touch the process environment).</summary>
    public static Func<string, string?> Environment(params (string Name, string? Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
        return name => map.GetValueOrDefault(name);
    }
}
