using System.Diagnostics;
using Lab.Agent;
using Lab.Neural;
using Lab.Runner.Config;
using Lab.Runner.Rendering;
using Lab.Runner.Reports;
using Lab.Runner.Store;

namespace Lab.Runner.Execution;

/// <summary>
/// Runs one trial into its folder of the results store: resolved config, metrics while training, then
/// the model, status.json, then the plot and the final greedy episode (episode.svg, episode-q.svg).
/// Whatever happens (divergence, exception, I/O error, Ctrl+C) the trial ends with an outcome, the other sinks hear OnFinished exactly once, and nothing is
/// thrown at the caller. If even status.json cannot be written, the folder stays without one and
/// counts as incomplete, so a resumed sweep runs it again.
/// </summary>
internal static class TrialRunner
{
    public static TrialOutcome Run(TrainConfig config, TrialInfo trial, string trialDirectory,
        IReadOnlyList<ITrialSink> extraSinks, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        var recorder = new TrialRecorder(trial);
        TrialWriter? writer = null;
        TrialOutcome outcome;
        QNetwork? finalNetwork = null;
        try
        {
            if (Directory.Exists(trialDirectory)) Directory.Delete(trialDirectory, recursive: true);
            Directory.CreateDirectory(trialDirectory);
            TrialFiles.WriteConfig(trialDirectory, ConfigWriter.ToYaml(config));
            writer = new TrialWriter(trialDirectory);
            var result = Trainer.Run(config, trial, new CompositeSink([writer, recorder, .. extraSinks]), cancel);
            result.Network.Save(TrialFiles.ModelPath(trialDirectory));
            if (result.Status is TrialStatus.Finished or TrialStatus.StoppedEarly) finalNetwork = result.Network;
            outcome = new TrialOutcome(result.Status, result.Reason, result.Episodes, result.EnvSteps,
                clock.Elapsed.TotalSeconds, result.FinalEvaluation, Now());
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            outcome = new TrialOutcome(TrialStatus.Failed, $"error: {ex.GetType().Name}: {ex.Message}", recorder.Episodes,
                recorder.EnvSteps, clock.Elapsed.TotalSeconds, null, Now()) { Retryable = true };
        }

        // status.json first (the trial is done once it exists), then the plot that shows that status,
        // then the other sinks, which may upload both.
        var statusWritten = false;
        try
        {
            if (writer is not null) writer.OnFinished(trial, outcome);
            else if (Directory.Exists(trialDirectory)) StatusFile.Write(trialDirectory, outcome);
            statusWritten = Directory.Exists(trialDirectory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            outcome = outcome with { Status = TrialStatus.Failed, Reason = $"error: cannot write {trialDirectory}: {ex.Message}", Retryable = true };
        }
        if (Directory.Exists(trialDirectory)) TryWritePlot(recorder.Result(trialDirectory, statusWritten ? outcome : null));
        if (finalNetwork is not null && Directory.Exists(trialDirectory)) TryWriteEpisode(config, finalNetwork, trialDirectory);
        foreach (var other in extraSinks) other.OnFinished(trial, outcome);
        return outcome;
    }

    private static void TryWriteEpisode(TrainConfig config, QNetwork network, string trialDirectory)
    {
        try { TrialEpisode.Write(config, network, trialDirectory); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // Like the plot, the episode's pictures must never cost a trial its status.
        }
    }

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private static void TryWritePlot(TrialResult trial)
    {
        try { TrialFiles.WritePlot(trial.Directory, TrialPlot.Render(trial)); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException)
        {
            // A missing plot must never cost a trial its status.
        }
    }
}
