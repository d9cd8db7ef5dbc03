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
    /// nor is a trial whose files cannot be read whole (a status.json that does not parse, a metrics.csv
    /// cut short).
    /// </summary>
    internal static TrialOutcome? Done(string trialDirectory)
    {
        if (!File.Exists(Path.Combine(trialDirectory, ResultsLayout.StatusFile))) return null;
        var trial = ResultsReader.ReadTrial(trialDirectory);
        return trial is { Problem: null, Outcome: { } outcome }
               && (outcome.Status is TrialStatus.Finished or TrialStatus.StoppedEarly
                   || outcome is { Status: TrialStatus.Failed, Retryable: false })
            ? outcome
            : null;
    }

    /// <summary>
    /// Runs the trials not done yet. Before that, it tidies what a kill left behind: temporary files of cut
    /// writes, and the plot of a finished trial killed between status.json and plot.svg. It stops launching
    /// trials once the results folder cannot be written (the disk is full, read-only, access denied) or a
    /// stop signal came, and counts the trials from what their folders hold, as the report does.
    /// With a <paramref name="shard"/> it runs that shard's trials only, each under a claim (Store/TrialClaim):
    /// a trial another live task has claimed is left to it, and a trial found done once claimed is not run.
    /// </summary>
    public static SweepSummary Run(GridPlan plan, string resultsDirectory, int jobs, IAnsiConsole console, bool quiet,
        Func<TrialPlan, ITrialSink?>? extraSink, CancellationToken cancel, SweepShard? shard = null)
    {
        // The caller holds the SweepLock (shared under a shard) and has written sweep.json. Other shards may
        // be writing the folder's own files right now, so only a lone sweep tidies their temporary files.
        if (shard is null) AtomicFile.DeleteLeftovers(resultsDirectory);
        var trials = shard?.Select(plan.Trials) ?? plan.Trials;
        var pending = new List<TrialPlan>();
        int skipped = 0, failedBefore = 0;
        foreach (var trial in trials)
        {
            var directory = TrialFiles.TrialDirectory(resultsDirectory, trial.Trial.TrialId);
            var done = Done(directory);
            if (done is null)
            {
                pending.Add(trial);
                continue;
            }
            skipped++;
            if (done.Status == TrialStatus.Failed) failedBefore++;
            // A claimed trial that is done is still drawing its plot and episode under its owner: leave it be.
            if (shard is not null && TrialClaim.Exists(resultsDirectory, trial.Trial.TrialId)) continue;
            AtomicFile.DeleteLeftovers(directory);
            TrialRunner.DrawMissingPlot(directory);
        }
        if (!quiet && skipped > 0)
            console.MarkupLine($"[grey]{skipped} of {trials.Count} trials already done in {Markup.Escape(resultsDirectory)}; running the other {pending.Count}.[/]");
        var strays = StrayTrialFolders(plan, resultsDirectory);
        if (!quiet && strays > 0)
            console.MarkupLine($"[yellow]{strays} trial folders in {Markup.Escape(resultsDirectory)} are not part of this grid " +
                               "(an earlier version of it?). The report ignores them; use --out to keep versions apart, or delete them.[/]");

        string? storageFailure = null;
        var leftToOthers = new ConcurrentBag<string>();
        ProgressBoard.Run(console, plan.Name, pending.Count, quiet, board =>
        {
            var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, jobs) };
            var cores = TrialCores.For(Math.Min(Math.Max(1, jobs), pending.Count));
            var ordered = Partitioner.Create(pending, EnumerablePartitionerOptions.NoBuffering);
            Parallel.ForEach(ordered, options, (trial, state) =>
            {
                if (cancel.IsCancellationRequested || Volatile.Read(ref storageFailure) is not null) { state.Stop(); return; }
                var directory = TrialFiles.TrialDirectory(resultsDirectory, trial.Trial.TrialId);
                TrialClaim? claim = null;
                if (shard is not null)
                {
                    claim = TrialClaim.TryTake(resultsDirectory, trial.Trial.TrialId, shard.Owner, out var holder);
                    if (claim is null)
                    {
                        leftToOthers.Add(trial.Trial.TrialId);
                        if (!quiet) console.MarkupLineInterpolated($"[grey]{trial.Trial.TrialId}: claimed by {holder?.ToString() ?? "another task"}; left to it.[/]");
                        return;
                    }
                    if (Done(directory) is not null)
                    {
                        // another task finished it between the first look and the claim
                        claim.Dispose();
                        leftToOthers.Add(trial.Trial.TrialId);
                        return;
                    }
                }
                try
                {
                    var sinks = new List<ITrialSink> { board.SinkFor(trial.Config) };
                    if (extraSink?.Invoke(trial) is { } extra) sinks.Add(extra);
                    var run = TrialRunner.Run(trial.Config, trial.Trial, directory, sinks, cancel, cores);
                    if (run.StorageFailure is { } failure) Interlocked.CompareExchange(ref storageFailure, failure, null);
                }
                finally
                {
                    claim?.Dispose();
                }
            });
            return 0;
        });

        var others = leftToOthers.ToHashSet(StringComparer.Ordinal);
        var states = pending.Where(t => !others.Contains(t.Trial.TrialId))
            .Select(t => StateOf(TrialFiles.TrialDirectory(resultsDirectory, t.Trial.TrialId))).ToList();
        return new SweepSummary(trials.Count, skipped, failedBefore,
            states.Count(s => s is TrialState.Finished or TrialState.StoppedEarly),
            states.Count(s => s == TrialState.Failed),
            states.Count(s => s == TrialState.Interrupted),
            states.Count(s => s is TrialState.Incomplete or TrialState.Unreadable),
            states.Count(s => s is null))
        {
            StorageFailure = storageFailure,
            ClaimedElsewhere = others.Count,
        };
    }

    /// <summary>How a trial's folder says it ended, as the report reads it; null when it has no trial folder (not started).</summary>
    private static TrialState? StateOf(string trialDirectory)
    {
        if (!Directory.Exists(trialDirectory) || !ResultsReader.IsTrialFolder(trialDirectory)) return null;
        try
        {
            return StatusFile.Read(trialDirectory)?.Status switch
            {
                null => TrialState.Incomplete,
                TrialStatus.Finished => TrialState.Finished,
                TrialStatus.StoppedEarly => TrialState.StoppedEarly,
                TrialStatus.Failed => TrialState.Failed,
                _ => TrialState.Interrupted,
            };
        }
        catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException)
        {
            return TrialState.Unreadable;
        }
    }

    /// <summary>
    /// Why <paramref name="jobs"/> trials of the plan at once do not fit in this machine's memory, or null
    /// when they do: each trial fits alone (ConfigValidator checked), but not necessarily side by side.
    /// </summary>
    public static string? MemoryProblem(GridPlan plan, int jobs, long availableBytes)
    {
        var largest = plan.Trials
            .Select(t => TrialMemory.EnvSizes(t.Config.Env.Name) is var (o, a) ? TrialMemory.Of(t.Config, o, a).Total : 0)
            .DefaultIfEmpty(0).Max();
        var parallel = Math.Min(jobs, plan.Trials.Count);
        if (largest * parallel <= availableBytes) return null;
        var fits = Math.Max(1, (int)(availableBytes / Math.Max(largest, 1)));
        return $"{parallel} trials at once need about {TrialMemory.Describe(largest * parallel)} of memory, more than the " +
               $"{TrialMemory.Describe(availableBytes)} this machine has; run fewer at once with --jobs {fits}";
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
    /// <remarks>
    /// Shards of one sweep start side by side: where sweep.json already plans these trials they leave it as
    /// it is; else each writes the same bytes (a sweep id made from the folder and the trial ids, not a random
    /// one), so whichever rename lands last, the file is whole and the same.
    /// </remarks>
    public static string WriteSweepFile(GridPlan plan, string resultsDirectory, bool shared = false)
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
        var planned = existing is { SweepId: { } id } && existing.Plans(trialIds) ? id : null;
        if (shared && planned is not null) return planned;
        var sweepId = planned ?? (shared ? SharedSweepId(resultsDirectory, trialIds) : Guid.NewGuid().ToString("N"));
        new SweepFile(sweepId, plan.Name, plan.Question, plan.SourcePath, plan.SourceText,
            Tracking.Mlflow.GitRevision.Find(Directory.GetCurrentDirectory()), trialIds).Write(resultsDirectory);
        return sweepId;
    }

    /// <summary>The sweep id every shard of a sweep computes alike: 32 hex digits from the results folder and the trial ids.</summary>
    internal static string SharedSweepId(string resultsDirectory, IReadOnlyList<string> trialIds)
    {
        var text = Path.GetFullPath(resultsDirectory) + "\n" + string.Join("\n", trialIds);
        return Lab.Core.Grid.Fnv1a64("a:" + text).ToString("x16") + Lab.Core.Grid.Fnv1a64("b:" + text).ToString("x16");
    }
}
