using System.Diagnostics;
using Lab.Agent;
using Lab.Runner.Config;
using Lab.Runner.Reports;
using Lab.Runner.Store;

namespace Lab.Runner.Execution;

/// <summary>
/// Runs one trial into its folder of the results store: resolved config, metrics while training, then
/// the model, status.json, then the plot. Whatever happens (divergence, exception, I/O error, Ctrl+C)
/// the trial ends with an outcome, the other sinks hear OnFinished exactly once, and nothing is
/// thrown at the caller. If even status.json cannot be written, the folder stays without one and
/// counts as incomplete, so a resumed sweep runs it again.
/// </summary>
public static class TrialRunner
{
    public static TrialOutcome Run(TrainConfig config, TrialInfo trial, string trialDirectory,
        IReadOnlyList<ITrialSink> extraSinks, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        var progress = new LastEpisode();
        ResultsSink? results = null;
        TrialOutcome outcome;
        try
        {
            if (Directory.Exists(trialDirectory)) Directory.Delete(trialDirectory, recursive: true);
            Directory.CreateDirectory(trialDirectory);
            AtomicFile.WriteAllText(Path.Combine(trialDirectory, ResultsLayout.ConfigFile), ConfigWriter.ToYaml(config));
            results = new ResultsSink(trialDirectory);
            var result = Trainer.Run(config, trial, new CompositeSink([results, progress, .. extraSinks]), cancel);
            result.Network.Save(Path.Combine(trialDirectory, ResultsLayout.ModelFile));
            outcome = new TrialOutcome(result.Status, result.Reason, result.Episodes, result.EnvSteps,
                clock.Elapsed.TotalSeconds, result.FinalEvaluation, Now());
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            outcome = new TrialOutcome(TrialStatus.Failed, $"error: {ex.GetType().Name}: {ex.Message}", progress.Episodes,
                progress.EnvSteps, clock.Elapsed.TotalSeconds, null, Now()) { Retryable = true };
        }

        // status.json first (the trial is done once it exists), then the plot that shows that status,
        // then the other sinks, which may upload both.
        try
        {
            if (results is not null) results.OnFinished(trial, outcome);
            else if (Directory.Exists(trialDirectory)) StatusFile.Write(trialDirectory, outcome);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            outcome = outcome with { Status = TrialStatus.Failed, Reason = $"error: cannot write {trialDirectory}: {ex.Message}", Retryable = true };
        }
        TryWritePlot(trialDirectory);
        foreach (var other in extraSinks) other.OnFinished(trial, outcome);
        return outcome;
    }

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private static void TryWritePlot(string trialDirectory)
    {
        try { TrialPlot.WriteSvg(trialDirectory); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException)
        {
            // A missing plot must never cost a trial its status.
        }
    }

    /// <summary>Remembers how far training got, so an error still reports real episode and step counts.</summary>
    private sealed class LastEpisode : ITrainingSink
    {
        public int Episodes { get; private set; }
        public long EnvSteps { get; private set; }
        public void OnStarted(TrialInfo trial) { }
        public void OnEpisode(TrialInfo trial, EpisodeRecord episode) => (Episodes, EnvSteps) = (episode.Episode + 1, episode.EnvSteps);
        public void OnEvaluation(TrialInfo trial, EvaluationRecord evaluation) { }
    }
}
