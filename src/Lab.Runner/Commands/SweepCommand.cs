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
        string resultsDirectory;
        if (args.Out is null)
        {
            // Like Hydra, a changed grid goes to a new folder; the earlier results stay as they are.
            var usual = Path.Combine("results", plan.Name);
            resultsDirectory = ResultsFolders.FirstSafe(usual, planned);
            if (resultsDirectory != usual)
                console.MarkupLineInterpolated(
                    $"[yellow]{usual} holds finished trials of another version of this grid; they stay as they are, and this sweep goes to {resultsDirectory}.[/]");
        }
        else
        {
            resultsDirectory = args.Out;
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
        if (!args.Quiet)
        {
            if (plan.Question is { Length: > 0 } question) console.MarkupLineInterpolated($"[bold]{question}[/]");
            console.MarkupLineInterpolated($"{plan.Name}: {plan.Trials.Count} trials, {jobs} parallel jobs → {resultsDirectory}");
        }

        using var ctrlC = new CtrlC();
        using var tracking = MlflowTracking.TryCreate(args.TrackingUri, line => console.MarkupLineInterpolated($"[grey]{line}[/]"));
        if (tracking is null && !args.Quiet) console.MarkupLine("[grey]MLflow: not configured (no --tracking-uri or MLFLOW_TRACKING_URI); results only on disk.[/]");

        SweepSummary summary;
        using (var sweepLock = SweepLock.Acquire(resultsDirectory))
        {
            var sweepId = SweepRunner.WriteSweepFile(plan, resultsDirectory);
            tracking?.StartSweep(plan.Name, plan.Question, plan.SourceText, sweepId);
            summary = SweepRunner.Run(plan, resultsDirectory, jobs, console, args.Quiet,
                trial => tracking?.SinkFor(trial.Trial, TrialFiles.TrialDirectory(resultsDirectory, trial.Trial.TrialId)), ctrlC.Token);
        }
        var earlier = summary.FailedBefore > 0 ? $" ({summary.FailedBefore} of them failed)" : "";
        console.MarkupLineInterpolated(
            $"Done: {summary.Succeeded} trials finished, {summary.Failed} failed, {summary.Interrupted} interrupted, {summary.AlreadyDone} already done before{earlier}.");
        var complete = summary.Interrupted == 0 && summary.NotStarted == 0;
        if (!args.NoReport && complete && ReportCommand.Run(resultsDirectory, console) == ExitCodes.Ok)
            tracking?.LogSweepReport(resultsDirectory);
        tracking?.Complete(interrupted: !complete);
        console.MarkupLineInterpolated($"Results: [bold]{resultsDirectory}[/]");
        if (!complete)
        {
            console.MarkupLine("Interrupted: run the same command again to finish the missing trials.");
            return ExitCodes.Interrupted;
        }
        return summary.Failed + summary.FailedBefore > 0 ? ExitCodes.TrialFailed : ExitCodes.Ok;
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
        var table = new Table().Title($"{plan.Name}: {plan.Trials.Count} trials → {resultsDirectory}")
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
