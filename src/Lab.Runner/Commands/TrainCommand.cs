using Lab.Agent;
using Lab.CommandLine;
using Lab.Core;
using Lab.Runner.Config;
using Lab.Runner.Execution;
using Lab.Runner.Progress;
using Lab.Runner.Store;
using Lab.Runner.Tracking.Mlflow;
using Spectre.Console;

namespace Lab.Runner.Commands;

/// <summary>`runner train CONFIG`: one agent, one seed, into results/&lt;name&gt;/&lt;trial&gt;/.</summary>
internal static class TrainCommand
{
    public static int Run(TrainArgs args, IAnsiConsole console)
    {
        var config = ConfigLoader.Load(args.Config, args.Sets, args.Seed);
        var trialId = SingleTrialId(config);
        var resultsDirectory = OutputFolder.Check(args.Out, Path.Combine("results", config.Name));
        var trialDirectory = TrialFiles.TrialDirectory(resultsDirectory, trialId);
        var info = new TrialInfo(trialId, config.Name, ConfigLabel(config), 0, config.Seed, ConfigParams.Flatten(config));

        using var stop = new StopSignals();
        using var writer = SweepLock.Acquire(resultsDirectory);
        // Never lose a finished run: the same config and seed is done, as a resumed sweep's trial is.
        if (SweepRunner.Done(trialDirectory) is { } earlier)
        {
            var result = earlier.FinalEvaluation is { } e ? $", greedy mean {e.Mean:0.0} over {e.Episodes}" : "";
            console.MarkupLineInterpolated(
                $"Already trained: {trialDirectory} ({StatusFile.StatusName(earlier.Status)} after {earlier.Episodes} episodes{result}); nothing to do.");
            console.MarkupLineInterpolated(
                $"To train it again beside it: {RerunCommand(args, NextFolder(resultsDirectory, trialId))}");
            return earlier.Status == TrialStatus.Failed ? ExitCodes.TrialFailed : ExitCodes.Ok;
        }
        AtomicFile.DeleteLeftovers(resultsDirectory);
        if (Directory.Exists(trialDirectory) && !args.Quiet)
            console.MarkupLineInterpolated($"[yellow]Replacing the unfinished earlier run of this config and seed in {trialDirectory}.[/]");

        using var tracking = MlflowTracking.TryCreate(args.TrackingUri, line => console.MarkupLineInterpolated($"[grey]{line}[/]"));
        if (tracking is null && !args.Quiet) console.MarkupLine("[grey]MLflow: not configured (no --tracking-uri or MLFLOW_TRACKING_URI); results only on disk.[/]");

        var run = ProgressBoard.Run(console, config.Name, 1, args.Quiet, board =>
        {
            var sinks = new List<ITrialSink> { board.SinkFor(config) };
            if (tracking?.SinkFor(info, trialDirectory) is { } mlflow) sinks.Add(mlflow);
            return TrialRunner.Run(config, info, trialDirectory, sinks, stop.Token, TrialCores.For(1));
        });
        var outcome = run.Outcome;
        tracking?.Complete(interrupted: outcome.Status == TrialStatus.Interrupted);

        if (!args.Quiet)
        {
            console.MarkupLineInterpolated($"Results: [bold]{trialDirectory}[/]");
            var model = TrialFiles.ModelPath(trialDirectory);
            if (File.Exists(model) && outcome.Status != TrialStatus.Failed)
                console.MarkupLineInterpolated($"Model:   {model}  (try: {Cli.ProgramName} eval {model} --standard)");
            if (outcome.Best is { } best)
                console.MarkupLineInterpolated(
                    $"Best:    {TrialFiles.BestModelPath(trialDirectory)}  (after {best.EnvSteps:N0} env steps, greedy mean {best.SelectionMean:0.#}; {best.Evaluation.Mean:0.#} over {best.Evaluation.Episodes} at the end; try: {Cli.ProgramName} eval {trialDirectory} --best)");
        }
        if (run.StorageFailure is { } failure)
        {
            console.MarkupLineInterpolated($"Stopped: {failure}. Free some space (or fix the folder's permissions), then run the same command again.");
            return ExitCodes.IoError;
        }
        if (outcome.Status == TrialStatus.Interrupted)
            console.MarkupLine("Interrupted: run the same command again to train it from the start.");
        return outcome.Status switch
        {
            TrialStatus.Failed => ExitCodes.TrialFailed,
            TrialStatus.Interrupted => ExitCodes.Interrupted,
            _ => ExitCodes.Ok,
        };
    }

    /// <summary>The first of folder-2, folder-3, ... where this trial is not done.</summary>
    private static string NextFolder(string resultsDirectory, string trialId)
    {
        for (var n = 2; ; n++)
        {
            var candidate = $"{Path.TrimEndingDirectorySeparator(resultsDirectory)}-{n}";
            if (SweepRunner.Done(TrialFiles.TrialDirectory(candidate, trialId)) is null) return candidate;
        }
    }

    /// <summary>This train's command line with another results folder.</summary>
    private static string RerunCommand(TrainArgs args, string outDirectory)
    {
        var words = new List<string> { Cli.ProgramName, "train", args.Config };
        if (args.Seed is { } seed) words.AddRange(["--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        foreach (var set in args.Sets) words.AddRange(["--set", set]);
        if (args.TrackingUri is { } uri) words.AddRange(["--tracking-uri", uri]);
        if (args.Quiet) words.Add("--quiet");
        words.AddRange(["--out", outDirectory]);
        return ShellWords.Join(words);
    }

    /// <summary>Stable id of a single run: its seed and the core's short hash (FNV-1a) of its resolved config.</summary>
    public static string SingleTrialId(TrainConfig config) => $"seed{config.Seed}-{Hash(config)}";

    /// <summary>
    /// The config without its seed, e.g. "dqn2 3f2a9c1b": runs of one config with several seeds share
    /// it, so `runner report results/dqn2` compares configs across seeds as it does for a sweep.
    /// </summary>
    public static string ConfigLabel(TrainConfig config) => $"{config.Name} {Hash(config with { Seed = 0 })}";

    private static string Hash(TrainConfig config) => Lab.Core.Grid.ShortHash(ConfigWriter.ToYaml(config));
}
