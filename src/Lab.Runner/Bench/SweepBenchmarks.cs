using System.Diagnostics;
using Lab.Agent;
using Lab.Runner.Config;
using Lab.Runner.Execution;
using Lab.Runner.Progress;
using Lab.Runner.Store;

namespace Lab.Runner.Bench;

/// <summary>How a sweep scales with --jobs: the same trials with 1 job, then with one job per core.</summary>
internal static class SweepBenchmarks
{
    public static IEnumerable<BenchResult> Run(bool quick)
    {
        var jobs = Environment.ProcessorCount;
        if (quick || jobs < 2) yield break; // too long for --quick; nothing to compare on one core
        var config = new TrainConfig
        {
            Name = "bench-sweep", Episodes = null, TotalSteps = 80_000, BatchSize = 64,
            Network = new NetworkConfig { Hidden = [64, 64] }, Evaluation = new EvaluationConfig { EveryEpisodes = 0, Episodes = 10 },
        };
        var trials = Enumerable.Range(0, 2 * jobs).Select(i => config with { Seed = i + 1 })
            .Select((c, i) => new TrialPlan(new TrialInfo($"t{i}", c.Name, "bench", i, c.Seed, ConfigParams.Flatten(c)), c)).ToList();
        var plan = new GridPlan("bench-sweep", "", "(bench)", "", trials);
        Time(plan with { Trials = trials.Take(1).ToList() }, 1); // warm-up: JIT and tiering before either timing
        // This VM's speed drifts by ±15% over seconds: alternate the two settings and compare medians.
        var ones = new List<double>();
        var manys = new List<double>();
        for (var round = 0; round < Rounds; round++)
        {
            ones.Add(Time(plan, 1));
            manys.Add(Time(plan, jobs));
        }
        var (one, many) = (Median(ones), Median(manys));
        yield return new BenchResult($"sweep speed-up, --jobs {jobs} vs --jobs 1 ({trials.Count} trials of 80k steps)",
            one / many, "x", 0.9 * jobs, null,
            $"{trials.Count / one * 60:0.0} vs {trials.Count / many * 60:0.0} trials/min; medians of {Rounds} alternating rounds; " +
            "with --jobs 1 each trial's updates have the second core too (docs/CLI.md)");
    }

    private const int Rounds = 5;

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static double Time(GridPlan plan, int jobs)
    {
        var directory = Path.Combine(Path.GetTempPath(), "dqnlab-bench", Guid.NewGuid().ToString("N"));
        try
        {
            var clock = Stopwatch.StartNew();
            var quiet = PlainConsole.Create(TextWriter.Null);
            using (SweepLock.Acquire(directory))
                SweepRunner.Run(plan, directory, jobs, quiet, quiet: true, null, CancellationToken.None);
            return clock.Elapsed.TotalSeconds;
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }
}
