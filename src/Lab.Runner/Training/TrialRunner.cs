using System.Diagnostics;
using Lab.Runner.Config;
using Lab.Runner.Reports;
using Lab.Runner.Tracking;

namespace Lab.Runner.Training;

/// <summary>
/// Runs one trial into its folder of the results store: resolved config, metrics while training, then
/// the model, status.json, then the plot. Whatever happens (divergence, exception, Ctrl+C) the
/// trial ends with a status on disk and the sinks hear OnFinished exactly once.
/// </summary>
public static class TrialRunner
{
    public static TrialOutcome Run(TrainConfig config, TrialInfo trial, string trialDirectory,
        IReadOnlyList<ITrainingSink> extraSinks, CancellationToken cancel)
    {
        if (Directory.Exists(trialDirectory)) Directory.Delete(trialDirectory, recursive: true);
        Directory.CreateDirectory(trialDirectory);
        Tracking.AtomicFile.WriteAllText(Path.Combine(trialDirectory, ResultsLayout.ConfigFile), ConfigWriter.ToYaml(config));

        using var results = new ResultsSink(trialDirectory);
        var sink = new CompositeSink([results, .. extraSinks]);
        var clock = Stopwatch.StartNew();
        TrialOutcome outcome;
        try
        {
            var result = Trainer.Run(config, trial, sink, cancel);
            result.Network.Save(Path.Combine(trialDirectory, ResultsLayout.ModelFile));
            outcome = new TrialOutcome(result.Status, result.Reason, result.Episodes, result.EnvSteps,
                clock.Elapsed.TotalSeconds, result.FinalEvaluation, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            outcome = new TrialOutcome(TrialStatus.Failed, $"{ex.GetType().Name}: {ex.Message}", 0, 0,
                clock.Elapsed.TotalSeconds, null, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        }

        // status.json first (the trial is done once it exists), then the plot that shows that status,
        // then the other sinks, which may upload both.
        results.OnFinished(trial, outcome);
        TryWritePlot(trialDirectory);
        foreach (var other in extraSinks) other.OnFinished(trial, outcome);
        return outcome;
    }

    private static void TryWritePlot(string trialDirectory)
    {
        try { TrialPlot.WriteSvg(trialDirectory); }
        catch (Exception ex) when (ex is IOException or FormatException or InvalidOperationException)
        {
            // A missing plot must never cost a trial its status.
        }
    }
}
