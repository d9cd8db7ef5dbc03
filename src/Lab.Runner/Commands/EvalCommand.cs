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
/// standard test (10,000 episodes, cap 500), --mega its MEGA test (10 episodes, cap 500,000).
/// </summary>
internal static class EvalCommand
{
    private const int MaxBatch = 1024;

    public static int Run(EvalArgs args, IAnsiConsole console)
    {
        var modelPath = Directory.Exists(args.Model) ? TrialFiles.ModelPath(args.Model) : args.Model;
        if (!File.Exists(modelPath))
        {
            Console.Error.WriteLine($"{args.Model}: no such model file (expected a model.dqn or a trial folder holding one)");
            return ExitCodes.BadInput;
        }
        if (args.Standard && args.Mega)
        {
            Console.Error.WriteLine("eval: choose one of --standard and --mega");
            return ExitCodes.BadInput;
        }

        var (env, configSeed) = EnvironmentOfModel(modelPath);
        var envName = env.Name;
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
        if (episodes < 1 || cap < 1)
        {
            Console.Error.WriteLine("eval: --episodes and --max-steps must be at least 1");
            return ExitCodes.BadInput;
        }
        var seed = args.Seed ?? configSeed;

        QNetwork network;
        try
        {
            network = QNetwork.Load(modelPath, Math.Min(episodes, MaxBatch));
        }
        catch (InvalidDataException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return ExitCodes.BadInput;
        }

        using var ctrlC = new CtrlC();
        var clock = Stopwatch.StartNew();
        EvaluationRecord summary;
        try
        {
            summary = GreedyEvaluator.Run(preset, network, episodes, cap, seed, ctrlC.Token);
        }
        catch (OperationCanceledException)
        {
            return ExitCodes.Interrupted;
        }
        var seconds = clock.Elapsed.TotalSeconds;

        console.MarkupLineInterpolated($"[bold]{testName} test[/]: {episodes:N0} greedy episodes of {envName}, cap {cap:N0}, seed {seed}");
        var table = new Table()
            .AddColumns("min", "max", "mean", "median", "std", "reached cap", "wall time");
        table.AddRow(N(summary.Min), N(summary.Max), N(summary.Mean), N(summary.Median), N(summary.Std),
            summary.CapShare.ToString("P1", CultureInfo.InvariantCulture), $"{seconds:0.00} s");
        console.Write(table);

        var outDirectory = args.Out ?? Path.GetDirectoryName(Path.GetFullPath(modelPath))!;
        Directory.CreateDirectory(outDirectory);
        var outPath = new GreedyEvaluationFile(modelPath, envName, testName, episodes, cap, seed, summary.Min, summary.Max,
            summary.Mean, summary.Median, summary.Std, summary.CapShare, seconds).Write(outDirectory);
        console.MarkupLineInterpolated($"Saved: {outPath}");
        return ExitCodes.Ok;
    }

    /// <summary>The env and seed of the trial the model came from (config.yaml beside it); a config's defaults otherwise.</summary>
    private static (EnvironmentFacts Env, long Seed) EnvironmentOfModel(string modelPath)
    {
        var configPath = TrialFiles.ConfigPath(Path.GetDirectoryName(Path.GetFullPath(modelPath))!);
        var config = File.Exists(configPath) ? ConfigLoader.Load(configPath, []) : new TrainConfig();
        return (config.Env, config.Seed);
    }

    private static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
