using System.Diagnostics;
using System.Globalization;
using Lab.Agent;
using Lab.CommandLine;
using Lab.Core;
using Lab.Neural;
using Lab.Runner.Config;
using Lab.Runner.Execution;
using Lab.Runner.Store;
using Spectre.Console;

namespace Lab.Runner.Commands;

/// <summary>
/// `runner eval MODEL`: the greedy policy over N episodes run side by side. --standard is notebook 000's
/// standard test (10,000 episodes, cap 500), --mega its MEGA test (10 episodes, cap 500,000); --best
/// evaluates the trial's best checkpoint (best.dqn) instead of model.dqn.
/// </summary>
internal static class EvalCommand
{
    private const int MaxBatch = 1024;

    public static int Run(EvalArgs args, IAnsiConsole console)
    {
        if (args.Standard && args.Mega) return Fail("eval: choose one of --standard and --mega");
        if (args.Seed is < 0) return Fail($"--seed: must be at least 0, got {args.Seed}");
        if (args.Episodes is < 1 or > ConfigValidator.MaxEvaluationEpisodes)
            return Fail($"--episodes: must be in [1, {ConfigText.Count(ConfigValidator.MaxEvaluationEpisodes)}], got {args.Episodes}");
        if (args.MaxSteps is < 1) return Fail($"--max-steps: must be at least 1, got {args.MaxSteps}");

        if (string.IsNullOrWhiteSpace(args.Model)) return Fail("eval: an empty path names no model; give a model.dqn or a trial folder");
        var modelPath = Directory.Exists(args.Model) ? TrialFiles.ModelPath(args.Model) : args.Model;
        if (args.Best)
        {
            // best.dqn of the trial folder given, or beside the model file given
            var trialDirectory = Path.GetDirectoryName(Path.GetFullPath(modelPath))!;
            modelPath = TrialFiles.BestModelPath(trialDirectory);
            if (!File.Exists(modelPath))
                return Fail($"{args.Model}: no {ResultsLayout.BestModelFile} in {trialDirectory}: the trial kept no best checkpoint " +
                            "(set evaluation.keep_best: true, with evaluation.every_steps or every_episodes)");
        }
        if (RegularFiles.Problem(modelPath) is { } kind) return Fail($"{modelPath}: {kind}; give a model.dqn or a trial folder");
        if (!File.Exists(modelPath)) return Fail(NoModel(args.Model, Path.GetDirectoryName(Path.GetFullPath(modelPath))!));

        var (config, hasConfig) = ConfigOfModel(modelPath);
        var envName = config.Env.Name;
        var preset = Environments.Create(envName, 0);
        var (testName, episodes, cap) = args switch
        {
            { Standard: true } => ("standard", 10_000, 500),
            { Mega: true } => ("mega", 10, 500_000),
            _ => ("custom", args.Episodes ?? 100, args.MaxSteps ?? preset.MaxSteps),
        };
        if ((args.Standard || args.Mega) && (args.Episodes.HasValue || args.MaxSteps.HasValue))
        {
            // Changing the size of a named test makes it another test: say so in its name and file.
            (testName, episodes, cap) = ("custom", args.Episodes ?? episodes, args.MaxSteps ?? cap);
        }
        var seed = args.Seed ?? config.Seed;

        QNetwork network;
        try
        {
            var batch = Math.Min(episodes, MaxBatch);
            network = hasConfig
                ? QNetwork.Load(modelPath, batch, NetworkFactory.Shape(config, preset.ObservationSize, preset.ActionCount))
                : QNetwork.Load(modelPath, batch);
        }
        catch (InvalidDataException ex)
        {
            return Fail(ex.Message);
        }
        if (network.Shape.Inputs != preset.ObservationSize || network.Shape.Outputs != preset.ActionCount)
            return Fail($"{modelPath}: a {network.Shape} network does not fit {envName}, which has {preset.ObservationSize} " +
                        $"observations and {preset.ActionCount} actions");

        // Where the result goes is checked before the evaluation, which may take minutes.
        var outDirectory = OutputFolder.Check(args.Out, Path.GetDirectoryName(Path.GetFullPath(modelPath))!);
        try
        {
            Directory.CreateDirectory(outDirectory);
            AtomicFile.CheckWritable(outDirectory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"eval: cannot write the result into {outDirectory} ({ex.Message}); give another folder with --out");
            return ExitCodes.IoError;
        }

        using var stop = new StopSignals();
        var clock = Stopwatch.StartNew();
        EvaluationRecord summary;
        try
        {
            summary = GreedyEvaluator.Run(preset, network, episodes, cap, seed, stop.Token);
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("Interrupted: nothing was saved; run the same command again.");
            return ExitCodes.Interrupted;
        }
        var seconds = clock.Elapsed.TotalSeconds;

        console.MarkupLineInterpolated($"[bold]{testName} test[/]: {episodes:N0} greedy episodes of {envName}, cap {cap:N0}, seed {seed}");
        var table = new Table()
            .AddColumns("min", "max", "mean", "median", "std", "reached cap", "wall time");
        table.AddRow(N(summary.Min), N(summary.Max), N(summary.Mean), N(summary.Median), N(summary.Std),
            summary.CapShare.ToString("P1", CultureInfo.InvariantCulture), $"{seconds:0.00} s");
        console.Write(table);

        var outPath = new GreedyEvaluationFile(modelPath, envName, testName, episodes, cap, seed, summary.Min, summary.Max,
            summary.Mean, summary.Median, summary.Std, summary.CapShare, seconds)
        {
            Checkpoint = Path.GetFileName(modelPath) == ResultsLayout.BestModelFile ? "best" : null,
        }.Write(outDirectory);
        console.MarkupLineInterpolated($"Saved: {outPath}");
        return ExitCodes.Ok;
    }

    /// <summary>Why there is no model to evaluate: a failed trial saves none, and says why in its status.json.</summary>
    private static string NoModel(string given, string trialDirectory)
    {
        TrialOutcome? outcome = null;
        try
        {
            outcome = StatusFile.Read(trialDirectory);
        }
        catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException)
        {
        }
        return outcome is { Status: TrialStatus.Failed }
            ? $"{given}: the trial failed ({outcome.Reason}), so it saved no model to evaluate"
            : $"{given}: no such model file (expected a model.dqn or a trial folder holding one)";
    }

    /// <summary>The config of the trial the model came from (config.yaml beside it), or a config's defaults.</summary>
    private static (TrainConfig Config, bool Found) ConfigOfModel(string modelPath)
    {
        var configPath = TrialFiles.ConfigPath(Path.GetDirectoryName(Path.GetFullPath(modelPath))!);
        return File.Exists(configPath) ? (ConfigLoader.Load(configPath, []), true) : (new TrainConfig(), false);
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(ConfigText.Escape(message));
        return ExitCodes.BadInput;
    }

    private static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
