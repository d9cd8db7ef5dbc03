using System.Collections.Concurrent;
using Lab.Agent;
using Lab.Runner.Config;
using Lab.Runner.Progress;
using Lab.Runner.Store;
using Lab.Runner.Tracking.Mlflow;
using Spectre.Console;

namespace Lab.Runner.Execution;

/// <summary>
/// Runs a grid's trials in parallel into one results folder. Each trial's numbers depend on its own
/// config and seed only, so --jobs changes the wall time, never the files. Finished trials (status on
/// disk) are kept; incomplete or interrupted ones run again from scratch.
/// </summary>
internal static class SweepRunner
{
    /// <summary>
    /// Whether a trial counts as done: a resumed sweep does not run it again. A divergence is done (the
    /// same seed would diverge the same way); a retryable failure (an I/O error, an exception) is not,
    /// nor is a trial whose status.json cannot be read.
    /// </summary>
    internal static TrialOutcome? Done(string trialDirectory)
    {
        try
        {
            return StatusFile.Read(trialDirectory) is { } outcome
                   && (outcome.Status is TrialStatus.Finished or TrialStatus.StoppedEarly
                       || outcome is { Status: TrialStatus.Failed, Retryable: false })
                ? outcome
                : null;
        }
        catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static SweepSummary Run(GridPlan plan, string resultsDirectory, int jobs, IAnsiConsole console, bool quiet,
        Func<TrialPlan, ITrialSink?>? extraSink, CancellationToken cancel)
    {
        // The caller holds the SweepLock and has written sweep.json.
        var pending = new List<TrialPlan>();
        int skipped = 0, failedBefore = 0;
        foreach (var trial in plan.Trials)
        {
            var done = Done(TrialFiles.TrialDirectory(resultsDirectory, trial.Trial.TrialId));
            if (done is null) pending.Add(trial);
            else if (done.Status == TrialStatus.Failed) { skipped++; failedBefore++; }
            else skipped++;
        }
        if (!quiet && skipped > 0)
            console.MarkupLine($"[grey]{skipped} of {plan.Trials.Count} trials already done in {Markup.Escape(resultsDirectory)}; running the other {pending.Count}.[/]");
        var strays = StrayTrialFolders(plan, resultsDirectory);
        if (!quiet && strays > 0)
            console.MarkupLine($"[yellow]{strays} trial folders in {Markup.Escape(resultsDirectory)} are not part of this grid " +
                               "(an earlier version of it?). The report ignores them; use --out to keep versions apart, or delete them.[/]");

        var outcomes = new ConcurrentBag<TrialOutcome>();
        ProgressBoard.Run(console, plan.Name, pending.Count, quiet, board =>
        {
            var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, jobs) };
            var ordered = System.Collections.Concurrent.Partitioner.Create(pending, EnumerablePartitionerOptions.NoBuffering);
            Parallel.ForEach(ordered, options, (trial, state) =>
            {
                if (cancel.IsCancellationRequested) { state.Stop(); return; }
                var sinks = new List<ITrialSink> { board.SinkFor(trial.Config) };
                if (extraSink?.Invoke(trial) is { } extra) sinks.Add(extra);
                outcomes.Add(TrialRunner.Run(trial.Config, trial.Trial, TrialFiles.TrialDirectory(resultsDirectory, trial.Trial.TrialId),
                    sinks, cancel));
            });
            return 0;
        });

        return new SweepSummary(plan.Trials.Count, skipped, failedBefore,
            outcomes.Count(o => o.Status is TrialStatus.Finished or TrialStatus.StoppedEarly),
            outcomes.Count(o => o.Status == TrialStatus.Failed),
            outcomes.Count(o => o.Status == TrialStatus.Interrupted),
            pending.Count - outcomes.Count);
    }

    /// <summary>Trial folders in the results folder that this grid does not plan.</summary>
    private static int StrayTrialFolders(GridPlan plan, string resultsDirectory)
    {
        var planned = plan.Trials.Select(t => t.Trial.TrialId).ToHashSet(StringComparer.Ordinal);
        return ResultsReader.TrialFolders(resultsDirectory).Count(d => !planned.Contains(Path.GetFileName(d)));
    }

    /// <summary>
    /// Writes sweep.json. A resumed run of the same trials keeps the sweep id (MLflow's parent run);
    /// a changed grid gets a new one.
    /// </summary>
    public static string WriteSweepFile(GridPlan plan, string resultsDirectory)
    {
        var trialIds = plan.Trials.Select(t => t.Trial.TrialId).ToArray();
        SweepFile? existing;
        try
        {
            existing = SweepFile.Read(resultsDirectory);
        }
        catch (FormatException)
        {
            existing = null;
        }
        var sweepId = existing is { SweepId: { } id } && existing.Plans(trialIds) ? id : Guid.NewGuid().ToString("N");
        new SweepFile(sweepId, plan.Name, plan.Question, plan.SourcePath, plan.SourceText,
            Tracking.Mlflow.GitRevision.Find(Directory.GetCurrentDirectory()), trialIds).Write(resultsDirectory);
        return sweepId;
    }
}
