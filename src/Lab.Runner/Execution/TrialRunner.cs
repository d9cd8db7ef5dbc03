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
/// Whatever happens (divergence, exception, I/O error, a stop signal) the trial ends with an outcome,
/// the other sinks hear OnFinished exactly once, and nothing is
/// thrown at the caller. If even status.json cannot be written, the folder stays without one and
/// counts as incomplete, so a resumed sweep runs it again. A diverged network is not saved: its
/// weights are not finite, and a model.dqn must be a model that `runner eval` can use.
/// </summary>
internal static class TrialRunner
{
    /// <param name="cores">Cores the trial may use (<see cref="Trainer.Run(TrainConfig, TrialInfo, ITrainingSink, CancellationToken, TimeProvider?, int)"/>): the results do not depend on it.</param>
    public static TrialRun Run(TrainConfig config, TrialInfo trial, string trialDirectory,
        IReadOnlyList<ITrialSink> extraSinks, CancellationToken cancel, int cores = 1)
    {
        var clock = Stopwatch.StartNew();
        var recorder = new TrialRecorder(trial);
        TrialWriter? writer = null;
        TrialOutcome outcome;
        QNetwork? finalNetwork = null;
        string? storageFailure = null;
        try
        {
            if (Directory.Exists(trialDirectory)) Directory.Delete(trialDirectory, recursive: true);
            Directory.CreateDirectory(trialDirectory);
            TrialFiles.WriteConfig(trialDirectory, ConfigWriter.ToYaml(config));
            writer = new TrialWriter(trialDirectory);
            var result = Trainer.Run(config, trial, new CompositeSink([writer, recorder, .. extraSinks]), cancel, cores: cores);
            if (result.Status != TrialStatus.Failed) result.Network.Save(TrialFiles.ModelPath(trialDirectory));
            result.BestNetwork?.Save(TrialFiles.BestModelPath(trialDirectory));
            if (result.Status is TrialStatus.Finished or TrialStatus.StoppedEarly) finalNetwork = result.Network;
            outcome = new TrialOutcome(result.Status, result.Reason, result.Episodes, result.EnvSteps,
                clock.Elapsed.TotalSeconds, result.FinalEvaluation, Now()) { Best = result.Best };
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            storageFailure = StorageFailure(ex, trialDirectory);
            outcome = new TrialOutcome(TrialStatus.Failed, Reason(ex, trialDirectory), recorder.Episodes,
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
            storageFailure ??= StorageFailure(ex, trialDirectory);
            outcome = outcome with { Status = TrialStatus.Failed, Reason = Reason(ex, trialDirectory), Retryable = true };
        }
        if (Directory.Exists(trialDirectory)) TryWritePlot(recorder.Result(trialDirectory, statusWritten ? outcome : null));
        if (finalNetwork is not null && Directory.Exists(trialDirectory)) TryWriteEpisode(config, finalNetwork, trialDirectory);
        foreach (var other in extraSinks) other.OnFinished(trial, outcome);
        return new TrialRun(outcome, statusWritten, storageFailure);
    }

    /// <summary>Draws plot.svg of a trial read back from its folder: a trial whose plot a kill prevented.</summary>
    internal static void DrawMissingPlot(string trialDirectory)
    {
        if (!File.Exists(TrialFiles.PlotPath(trialDirectory))) TryWritePlot(ResultsReader.ReadTrial(trialDirectory));
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

    /// <summary>status.json's reason: an I/O error in words (it is the disk's, not a bug), anything else with its type.</summary>
    private static string Reason(Exception ex, string trialDirectory) =>
        ex is IOException or UnauthorizedAccessException
            ? $"error: cannot write {trialDirectory}: {ex.Message}"
            : $"error: {ex.GetType().Name}: {ex.Message}";

    /// <summary>
    /// Why no trial can be written any more, when <paramref name="ex"/> says so: the disk or quota is full, the
    /// file system is read-only, or access is denied. Other errors may be this trial's alone.
    /// </summary>
    internal static string? StorageFailure(Exception ex, string trialDirectory)
    {
        const int enospc = 28, erofs = 30, edquot = 122;
        const int diskFull = unchecked((int)0x80070070), handleDiskFull = unchecked((int)0x80070027);
        return ex switch
        {
            UnauthorizedAccessException => $"cannot write {trialDirectory}: {ex.Message}",
            IOException { HResult: enospc or erofs or edquot or diskFull or handleDiskFull } => $"cannot write {trialDirectory}: {ex.Message}",
            _ => null,
        };
    }

    private static void TryWritePlot(TrialResult trial)
    {
        try { TrialFiles.WritePlot(trial.Directory, TrialPlot.Render(trial)); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException)
        {
            // A missing plot must never cost a trial its status.
        }
    }
}
