using Lab.CommandLine;
using Lab.Core;
using Lab.Runner.Config;
using Lab.Runner.Execution;
using Lab.Runner.Store;
using Lab.Runner.Tracking.Mlflow;
using Spectre.Console;

namespace Lab.Runner.Commands;

/// <summary>`runner sweep GRID`: every trial of a grid, in parallel, resumable, then the report.</summary>
internal static class SweepCommand
{
    public static int Run(SweepArgs args, IAnsiConsole console)
    {
        var plan = GridLoader.Load(args.Grid, args.Sets, args.Yes, args.Axes, args.Seeds);
        var planned = plan.Trials.Select(t => t.Trial.TrialId).ToHashSet(StringComparer.Ordinal);
        var usual = Path.Combine("results", plan.Name);
        string resultsDirectory;
        if (args.Out is null)
        {
            // Like Hydra, a changed grid goes to a new folder; the earlier results stay as they are.
            resultsDirectory = ResultsFolders.FirstSafe(usual, planned);
            if (resultsDirectory != usual)
                console.MarkupLineInterpolated(
                    $"[yellow]{usual} holds finished trials of another version of this grid; they stay as they are, and this sweep goes to {resultsDirectory}.[/]");
        }
        else
        {
            resultsDirectory = OutputFolder.Check(args.Out, usual);
            var outside = ResultsFolders.FinishedOutside(resultsDirectory, planned);
            if (outside.Count > 0)
            {
                Console.Error.WriteLine(
                    $"sweep: {resultsDirectory} holds {outside.Count} finished trial{(outside.Count == 1 ? "" : "s")} of another version of this grid " +
                    "(another --set, axis, seeds or grid file); sweeping into it would replace its report and sweep.json. Nothing was changed.\n" +
                    $"  To keep both, sweep into a new folder: {RerunCommand(args, ResultsFolders.NextNew(resultsDirectory))}\n" +
                    $"  To replace them, delete the folder first: rm -r {ShellWords.Quote(resultsDirectory)}");
                return ExitCodes.BadInput;
            }
        }
        if (args.Slurm) return SlurmSubmission.Run(args, plan, resultsDirectory, console);
        var shard = args.ShardIndex is { } index && args.ShardCount is { } count
            ? new SweepShard(index, count, ClaimOwner.Current(index, count))
            : null;
        if (args.DryRun) return DryRun(plan, resultsDirectory, console, shard);

        var cores = Environment.ProcessorCount;
        var jobs = args.Jobs ?? cores;
        if (jobs > cores)
        {
            // A trial keeps one core busy: more jobs than cores only slows each of them down.
            console.MarkupLineInterpolated($"[yellow]--jobs {jobs} is more than the {cores} cores here; running {cores} trials at a time.[/]");
            jobs = cores;
        }
        if (SweepRunner.MemoryProblem(plan, jobs, TrialMemory.AvailableBytes()) is { } memory)
        {
            Console.Error.WriteLine($"sweep: {memory}");
            return ExitCodes.BadInput;
        }

        // Under a shard, Slurm's SIGTERM reaches the runner and the batch shell's trap alike: one request.
        using var stop = new StopSignals(repeatedTermQuits: shard is null);
        SweepSummary summary;
        bool complete;
        // The lock first: a refused second sweep prints nothing but why it was refused. Shards share it.
        using (var sweepLock = shard is null ? SweepLock.Acquire(resultsDirectory) : SweepLock.AcquireShared(resultsDirectory))
        {
            if (!args.Quiet)
            {
                if (plan.Question is { Length: > 0 } question) console.MarkupLineInterpolated($"[bold]{question}[/]");
                var trials = shard is null ? $"{plan.Trials.Count} trials"
                    : $"shard {shard} ({shard.Owner.Task}): {shard.Select(plan.Trials).Count} of {plan.Trials.Count} trials";
                console.MarkupLineInterpolated($"{plan.Name}: {trials}, {jobs} parallel jobs → {resultsDirectory}");
            }
            using var tracking = MlflowTracking.TryCreate(args.TrackingUri, line => console.MarkupLineInterpolated($"[grey]{line}[/]"));
            if (tracking is null && !args.Quiet) console.MarkupLine("[grey]MLflow: not configured (no --tracking-uri or MLFLOW_TRACKING_URI); results only on disk.[/]");
            // A shard's trials are children of the sweep's one parent run, which the other shards share: only the
            // report job's `./runner mlflow sync` (or the last sync) ends it.
            if (tracking is not null && shard is not null) tracking.LeaveSweepOpen = true;
            var sweepId = SweepRunner.WriteSweepFile(plan, resultsDirectory, shared: shard is not null);
            tracking?.StartSweep(plan.Name, plan.Question, plan.SourceText, sweepId);
            summary = SweepRunner.Run(plan, resultsDirectory, jobs, console, args.Quiet,
                trial => tracking?.SinkFor(trial.Trial, TrialFiles.TrialDirectory(resultsDirectory, trial.Trial.TrialId)), stop.Token, shard);
            var earlier = summary.FailedBefore > 0 ? $" ({summary.FailedBefore} of them failed)" : "";
            var missing = (summary.Incomplete > 0 ? $", {summary.Incomplete} incomplete" : "")
                          + (summary.NotStarted > 0 ? $", {summary.NotStarted} not started" : "")
                          + (summary.ClaimedElsewhere > 0 ? $", {summary.ClaimedElsewhere} left to other tasks" : "");
            console.MarkupLineInterpolated(
                $"Done: {summary.Succeeded} trials finished, {summary.Failed} failed, {summary.Interrupted} interrupted{missing}, {summary.AlreadyDone} already done before{earlier}.");
            complete = summary.Interrupted + summary.Incomplete + summary.NotStarted == 0;
            // Still under the lock (the report is a whole-folder write); it is written, and logged to the
            // sweep's MLflow run, even when it names damaged trials (exit 1). A shard writes it once every
            // trial of the grid is done: shards that end together write the same bytes, each atomically.
            var reportDue = complete && (shard is null || plan.Trials.All(t =>
                SweepRunner.Done(TrialFiles.TrialDirectory(resultsDirectory, t.Trial.TrialId)) is not null));
            if (!args.NoReport && reportDue && ReportCommand.Run(resultsDirectory, console) is ExitCodes.Ok or ExitCodes.TrialFailed)
                tracking?.LogSweepReport(resultsDirectory);
            tracking?.Complete(interrupted: !complete);
        }
        console.MarkupLineInterpolated($"Results: [bold]{resultsDirectory}[/]");
        if (summary.StorageFailure is { } failure)
        {
            console.MarkupLineInterpolated(
                $"Stopped launching trials: {failure}. Free some space (or fix the folder's permissions), then run the same command again to finish the missing trials.");
            return ExitCodes.IoError;
        }
        if (!complete && stop.Token.IsCancellationRequested)
        {
            console.MarkupLine("Interrupted: run the same command again to finish the missing trials.");
            return ExitCodes.Interrupted;
        }
        return summary.Failed + summary.FailedBefore + summary.Incomplete + summary.NotStarted > 0 ? ExitCodes.TrialFailed : ExitCodes.Ok;
    }

    /// <summary>This sweep's command line with another results folder.</summary>
    private static string RerunCommand(SweepArgs args, string outDirectory)
    {
        var words = new List<string> { Cli.ProgramName, "sweep", args.Grid };
        foreach (var set in args.Sets) words.AddRange(["--set", set]);
        foreach (var axis in args.Axes) words.AddRange(["--axis", axis]);
        if (args.Seeds is { } seeds) words.AddRange(["--seeds", seeds]);
        if (args.Jobs is { } jobs) words.AddRange(["--jobs", jobs.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        if (args.Yes) words.Add("--yes");
        if (args.TrackingUri is { } uri) words.AddRange(["--tracking-uri", uri]);
        if (args.NoReport) words.Add("--no-report");
        if (args.Quiet) words.Add("--quiet");
        if (args.ShardIndex is { } index) words.AddRange(["--shard", $"{index}/{args.ShardCount}"]);
        if (args.Slurm) words.Add("--slurm");
        if (args.SlurmTasks is { } tasks) words.AddRange(["--slurm-tasks", tasks.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        foreach (var option in args.SlurmOptions) words.AddRange(["--slurm-option", option]);
        words.AddRange(["--out", outDirectory]);
        return ShellWords.Join(words);
    }

    private static int DryRun(GridPlan plan, string resultsDirectory, IAnsiConsole console, SweepShard? shard)
    {
        var title = shard is null ? $"{plan.Name}: {plan.Trials.Count} trials → {resultsDirectory}"
            : $"{plan.Name}: shard {shard}: {shard.Select(plan.Trials).Count} of {plan.Trials.Count} trials → {resultsDirectory}";
        var table = new Table().Title(Markup.Escape(title))
            .AddColumns("#", "config", "replicate", "seed", "trial id");
        for (var i = 0; i < plan.Trials.Count; i++)
        {
            if (shard is not null && !SweepShard.Owns(i, shard.Index, shard.Count)) continue;
            var t = plan.Trials[i].Trial;
            table.AddRow((i + 1).ToString(), Markup.Escape(t.ConfigLabel), t.Replicate.ToString(), t.Seed.ToString(),
                Markup.Escape(t.TrialId));
        }
        console.Write(table);
        return ExitCodes.Ok;
    }
}
