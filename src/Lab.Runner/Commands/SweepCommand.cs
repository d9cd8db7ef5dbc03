using Lab.CommandLine;
using Lab.Core;
using Lab.Runner.Config;
using Lab.Runner.Execution;
using Lab.Runner.Store;
using Lab.Runner.Tracking.Mlflow;
using Spectre.Console;

namespace Lab.Runner.Commands;

/// <summary>`runner sweep GRID`: every trial of a grid, in parallel, resumable, then the report.</summary>
public static class SweepCommand
{
    public static int Run(SweepArgs args, IAnsiConsole console)
    {
        var plan = GridLoader.Load(args.Grid, args.Sets, args.Yes);
        var resultsDirectory = OutputFolder.Check(args.Out, Path.Combine("results", plan.Name));
        if (args.DryRun) return DryRun(plan, resultsDirectory, console);

        var jobs = args.Jobs ?? Environment.ProcessorCount;
        if (jobs < 1)
        {
            Console.Error.WriteLine("sweep: --jobs must be at least 1");
            return ExitCodes.BadInput;
        }
        if (SweepRunner.MemoryProblem(plan, jobs, TrialMemory.AvailableBytes()) is { } memory)
        {
            Console.Error.WriteLine($"sweep: {memory}");
            return ExitCodes.BadInput;
        }

        using var stop = new StopSignals();
        SweepSummary summary;
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
            tracking?.Complete(interrupted: summary.Interrupted + summary.Incomplete + summary.NotStarted > 0);
        }

        var earlier = summary.FailedBefore > 0 ? $" ({summary.FailedBefore} of them failed)" : "";
        var missing = (summary.Incomplete > 0 ? $", {summary.Incomplete} incomplete" : "")
                      + (summary.NotStarted > 0 ? $", {summary.NotStarted} not started" : "");
        console.MarkupLineInterpolated(
            $"Done: {summary.Succeeded} trials finished, {summary.Failed} failed, {summary.Interrupted} interrupted{missing}, {summary.AlreadyDone} already done before{earlier}.");
        var complete = summary.Interrupted + summary.Incomplete + summary.NotStarted == 0;
        if (!args.NoReport && complete)
        {
            ReportCommand.Run(resultsDirectory, console);
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
