using System.Diagnostics;
using Lab.Agent;
using Lab.Runner.Config;
using Lab.Runner.Execution;

namespace Lab.Runner.Bench;

/// <summary>Whole training runs, end to end, as `runner train` does them (results written to a temp folder).</summary>
internal static class TrainingBenchmarks
{
    public static IEnumerable<BenchResult> Run(bool quick)
    {
        var preset = Path.Combine("experiments", "presets", "cleanrl.yaml");
        if (!File.Exists(preset)) yield break;
        var config = ConfigLoader.Load(preset, []);
        var fullSteps = config.TotalSteps ?? 500_000;
        if (quick) config = config with { TotalSteps = fullSteps / 10 };
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var (seconds, outcome) = Time(config);
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        var scaled = seconds * fullSteps / outcome.EnvSteps;
        yield return new BenchResult($"CleanRL preset end to end, {fullSteps:N0} steps", scaled, "s", 5, null,
            (quick ? $"extrapolated from {outcome.EnvSteps:N0} steps; " : "") +
            $"{outcome.EnvSteps / seconds:N0} env steps/s incl. updates and evaluation; {TrialCores.For(1)} core(s); {cpu * fullSteps / outcome.EnvSteps:0.0} s of CPU time; PyTorch reference 179 s");
    }

    internal static (double Seconds, TrialOutcome Outcome) Time(TrainConfig config)
    {
        var directory = Path.Combine(Path.GetTempPath(), "dqnlab-bench", Guid.NewGuid().ToString("N"));
        try
        {
            var info = new TrialInfo("bench", config.Name, "", 0, config.Seed, ConfigParams.Flatten(config));
            var clock = Stopwatch.StartNew();
            // the cores `runner train` gives its one trial (a second one for the updates when there is one)
            var outcome = TrialRunner.Run(config, info, directory, [], CancellationToken.None, TrialCores.For(1)).Outcome;
            return (clock.Elapsed.TotalSeconds, outcome);
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }
}
