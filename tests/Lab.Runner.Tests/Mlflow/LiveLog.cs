using Lab.Runner.Tests.Support;
using Lab.Runner.Tracking.Mlflow;

namespace Lab.Runner.Tests.Mlflow;

/// <summary>Plays a synthetic sweep through the live MLflow sink, as `runner sweep` would with a tracking URI.</summary>
public static class LiveLog
{
    public const string GitCommit = "0123456789abcdef0123456789abcdef01234567";

    internal static (bool Sent, List<string> Log) Run(SyntheticSweep sweep, string experimentDirectory, string trackingUri,
        Func<string, string?>? environment = null, bool parallel = false, TimeSpan? flushTimeout = null, MlflowTrackingOptions? options = null)
    {
        var log = new List<string>();
        var env = environment ?? MlflowTestSettings.Environment(("MLFLOW_TRACKING_URI", trackingUri));
        using var tracking = MlflowTracking.TryCreate(null, log.Add, GitCommit, env, options ?? MlflowTestSettings.Tracking)
                             ?? throw new InvalidOperationException("not configured");
        tracking.StartSweep(sweep.Name, sweep.Question, sweep.GridText, sweep.SweepId);
        void Play(SyntheticTrial trial) => trial.Replay(tracking.SinkFor(trial.Info, Path.Combine(experimentDirectory, trial.TrialId)));
        if (parallel) Parallel.ForEach(sweep.Trials, new ParallelOptions { MaxDegreeOfParallelism = 4 }, Play);
        else foreach (var trial in sweep.Trials) Play(trial);
        var sent = tracking.Complete(timeout: flushTimeout);
        return (sent, log);
    }

    /// <summary>`runner mlflow sync` with the test settings and an environment that holds only what is given.</summary>
    public static (int ExitCode, List<string> Log) Sync(string resultsDirectory, string? trackingUri, params (string, string?)[] environment)
    {
        var log = new List<string>();
        var code = MlflowSync.Run(resultsDirectory, trackingUri, log.Add, MlflowTestSettings.Environment(environment), MlflowTestSettings.Client);
        return (code, log);
    }
}
