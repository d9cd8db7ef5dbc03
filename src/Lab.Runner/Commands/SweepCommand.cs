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
        if (args.DryRun) return DryRun(plan, resultsDirectory, console);

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

        using var stop = new StopSignals();
        SweepSummary summary;
        bool complete;
        // The lock first: a refused second sweep prints nothing but why it was refused.
        using (var sweepLock = SweepLock.Acquire(resultsDirectory))
        {
            if (!args.Quiet)
            {
                if (plan.Question is { Length: > 0 } question) console.MarkupLineInterpolated($"[bold]{question}[/]");
                console.MarkupLineInterpolated($"{plan.Name}: {plan.Trials.Count} trials, {jobs} parallel jobs → {resultsDirectory}");
            }
            using var tracking = MlflowTracking.TryCreate(args.TrackingUri, line => console.MarkupLineInterpolated($"[grey]{line}[/]"));
            if (tracking is null && !args.Quiet) console.MarkupLine("[grey]MLflow: not configured (no --tracking-uri or MLFLOW_TRACKING_URI); results only on disk.[/]");
            var sweepId = SweepRunner.WriteSweepFile(plan, resultsDirectory);
            tracking?.StartSweep(plan.Name, plan.Question, plan.SourceText, sweepId);
            summary = SweepRunner.Run(plan, resultsDirectory, jobs, console, args.Quiet,
                trial => tracking?.SinkFor(trial.Trial, TrialFiles.TrialDirectory(resultsDirectory, trial.Trial.TrialId)), stop.Token);
            var earlier = summary.FailedBefore > 0 ? $" ({summary.FailedBefore} of them failed)" : "";
            var missing = (summary.Incomplete > 0 ? $", {summary.Incomplete} incomplete" : "")
                          + (summary.NotStarted > 0 ? $", {summary.NotStarted} not started" : "");
            console.MarkupLineInterpolated(
                $"Done: {summary.Succeeded} trials finished, {summary.Failed} failed, {summary.Interrupted} interrupted{missing}, {summary.AlreadyDone} already done before{earlier}.");
            complete = summary.Interrupted + summary.Incomplete + summary.NotStarted == 0;
            // Still under the lock (the report is a whole-folder write); it is written, and logged to the
            // sweep's MLflow run, even when it names damaged trials (exit 1).
            if (!args.NoReport && complete && ReportCommand.Run(resultsDirectory, console) is ExitCodes.Ok or ExitCodes.TrialFailed)
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
        words.AddRange(["--out", outDirectory]);
        return ShellWords.Join(words);
    }

    private static int DryRun(GridPlan plan, string resultsDirectory, IAnsiConsole console)
    {
        var table = new Table().Title(Markup.Escape($"{plan.Name}: {plan.Trials.Count} trials → {resultsDirectory}"))
            .AddColumns("#", "config", "replicate", "seed", "trial id");
        for (var i = 0; i < plan.Trials.Count; i++)
        {
            var t = plan.Trials[i].Trial;
            table.AddRow((i + 1).ToString(), Markup.Escape(t.ConfigLabel), t.Replicate.ToString(), t.Seed.ToString(),
                Markup.Escape(t.TrialId));
        }
        console.Write(table);
        return ExitCodes.Ok;
    }
}
