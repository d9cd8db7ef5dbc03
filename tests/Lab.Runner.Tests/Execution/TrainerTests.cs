using System.Text.Json;
using Lab.Agent;
using Lab.Runner.Config;
using Lab.Runner.Execution;
using Lab.Runner.Reports;
using Lab.Runner.Store;
using Lab.Runner.Tests.Support;
using Xunit;
using Lab.Neural;

namespace Lab.Runner.Tests.Execution;

public sealed class TrainerTests
{
    /// <summary>A config that trains in well under a second: enough to exercise every part of the loop.</summary>
    internal static TrainConfig Tiny => new()
    {
        Name = "tiny",
        Episodes = 30,
        Memory = 2_000,
        LearningStarts = 64,
        BatchSize = 32,
        Network = new NetworkConfig { Hidden = [16, 16] },
        Epsilon = new EpsilonConfig { Schedule = EpsilonScheduleKind.Multiplicative, Start = 1.0, Min = 0.05, Decay = 0.99 },
        TargetUpdate = new TargetUpdateConfig { Mode = TargetUpdateMode.Episode },
        DoubleDqn = true,
        FailureReward = -100,
        Evaluation = new EvaluationConfig { EveryEpisodes = 10, Episodes = 5 },
        Seed = 3,
    };

    [Fact]
    public void Given_the_same_config_and_seed_when_trained_twice_then_the_metrics_files_are_byte_identical()
    {
        using var temp = new TempDirectory();
        var first = Train(Tiny, Path.Combine(temp.Path, "a"));
        var second = Train(Tiny, Path.Combine(temp.Path, "b"));

        Assert.Equal(TrialStatus.Finished, first.Status);
        Assert.Equal(File.ReadAllBytes(Path.Combine(temp.Path, "a", ResultsLayout.MetricsFile)),
            File.ReadAllBytes(Path.Combine(temp.Path, "b", ResultsLayout.MetricsFile)));
        Assert.Equal(DeterministicEvalColumns(Path.Combine(temp.Path, "a")), DeterministicEvalColumns(Path.Combine(temp.Path, "b")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(temp.Path, "a", ResultsLayout.ModelFile)),
            File.ReadAllBytes(Path.Combine(temp.Path, "b", ResultsLayout.ModelFile)));
        Assert.Equal(first.FinalEvaluation!.Mean, second.FinalEvaluation!.Mean);
    }

    [Fact]
    public void Given_two_seeds_when_trained_then_their_metrics_differ()
    {
        using var temp = new TempDirectory();
        Train(Tiny, Path.Combine(temp.Path, "a"));
        Train(Tiny with { Seed = 4 }, Path.Combine(temp.Path, "b"));
        Assert.NotEqual(File.ReadAllText(Path.Combine(temp.Path, "a", ResultsLayout.MetricsFile)),
            File.ReadAllText(Path.Combine(temp.Path, "b", ResultsLayout.MetricsFile)));
    }

    [Fact]
    public void A_finished_trial_leaves_every_file_of_the_results_layout()
    {
        using var temp = new TempDirectory();
        var outcome = Train(Tiny, temp.Path);

        foreach (var name in new[] { ResultsLayout.ConfigFile, ResultsLayout.TrialFile, ResultsLayout.MetricsFile,
                     ResultsLayout.TimingFile, ResultsLayout.EvaluationFile, ResultsLayout.ModelFile, ResultsLayout.StatusFile })
            Assert.True(File.Exists(Path.Combine(temp.Path, name)), name + " is missing");
        var metrics = File.ReadAllLines(Path.Combine(temp.Path, ResultsLayout.MetricsFile));
        Assert.Equal(ResultsLayout.MetricsHeader, metrics[0]);
        Assert.Equal(30 + 1, metrics.Length);
        // Evaluations after episodes 10 and 20, and the final one after 30.
        Assert.Equal(3 + 1, File.ReadAllLines(Path.Combine(temp.Path, ResultsLayout.EvaluationFile)).Length);
        Assert.Equal(TrialStatus.Finished, StatusFile.Read(temp.Path)?.Status);
        Assert.Equal(30, outcome.Episodes);
        Assert.Equal(long.Parse(metrics[^1].Split(',')[1]), outcome.EnvSteps);
    }

    [Fact]
    public void The_plot_drawn_from_the_records_in_memory_is_the_plot_of_the_trial_folder_read_back()
    {
        using var temp = new TempDirectory();
        Train(Tiny, temp.Path);

        var written = File.ReadAllText(Path.Combine(temp.Path, ResultsLayout.PlotFile));

        Assert.Equal(TrialPlot.Render(ResultsReader.ReadTrial(temp.Path)), written);
        Assert.Contains("finished", written);
    }

    [Fact]
    public void The_resolved_config_written_with_a_trial_loads_back_to_the_same_config()
    {
        using var temp = new TempDirectory();
        Train(Tiny, temp.Path);
        Assert.Equal(Tiny, ConfigLoader.Load(Path.Combine(temp.Path, ResultsLayout.ConfigFile), []));
    }

    [Fact]
    public void Given_a_learning_rate_that_diverges_when_trained_then_the_trial_fails_with_a_reason_instead_of_training_on_garbage()
    {
        using var temp = new TempDirectory();
        var config = Tiny with { Optimizer = new OptimizerConfig { Name = OptimizerKind.Sgd, LearningRate = 1e6 }, Episodes = 200 };
        var outcome = Train(config, temp.Path);

        Assert.Equal(TrialStatus.Failed, outcome.Status);
        Assert.Contains("TD loss became", outcome.Reason);
        using var status = JsonDocument.Parse(File.ReadAllText(Path.Combine(temp.Path, ResultsLayout.StatusFile)));
        Assert.Equal("failed", status.RootElement.GetProperty("status").GetString());
        Assert.Contains("TD loss became", status.RootElement.GetProperty("reason").GetString());
        Assert.False(File.Exists(Path.Combine(temp.Path, ResultsLayout.ModelFile)), "a diverged network is no model to evaluate");
    }

    [Fact]
    public void Given_a_cancelled_token_when_training_then_the_trial_is_interrupted_with_its_files_whole()
    {
        using var temp = new TempDirectory();
        using var cancel = new CancellationTokenSource();
        var sink = new CancelAfterEpisodes(cancel, 5);
        var outcome = TrialRunner.Run(Tiny, Info(Tiny), temp.Path, [sink], cancel.Token).Outcome;

        Assert.Equal(TrialStatus.Interrupted, outcome.Status);
        Assert.Equal(TrialStatus.Interrupted, StatusFile.Read(temp.Path)?.Status);
        var rows = File.ReadAllLines(Path.Combine(temp.Path, ResultsLayout.MetricsFile));
        Assert.Equal(5 + 1, rows.Length);
        Assert.True(File.Exists(Path.Combine(temp.Path, ResultsLayout.ModelFile)));
    }

    [Fact]
    public void Given_a_consecutive_caps_stop_when_episodes_reach_the_cap_then_training_stops_early()
    {
        using var temp = new TempDirectory();
        // A cap of 5 steps is reached by almost every episode, so three in a row come quickly.
        var config = Tiny with { MaxSteps = 5, Stop = new StopConfig { ConsecutiveCaps = 3 }, Episodes = 100 };
        var outcome = Train(config, temp.Path);

        Assert.Equal(TrialStatus.StoppedEarly, outcome.Status);
        Assert.True(outcome.Episodes < 100);
        var lengths = File.ReadAllLines(Path.Combine(temp.Path, ResultsLayout.MetricsFile)).Skip(1)
            .Select(l => l.Split(',')).TakeLast(3).ToArray();
        Assert.All(lengths, row => Assert.Equal(("5", "0"), (row[4], row[5])));
    }

    [Fact]
    public void Given_total_steps_when_trained_then_training_stops_at_that_many_env_steps()
    {
        using var temp = new TempDirectory();
        var outcome = Train(Tiny with { Episodes = null, TotalSteps = 700 }, temp.Path);
        Assert.Equal(700, outcome.EnvSteps);

        // The episode cut by the budget is not a row: every row is an episode that really ended.
        var rows = File.ReadAllLines(Path.Combine(temp.Path, ResultsLayout.MetricsFile)).Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.Equal(outcome.Episodes, rows.Length);
        Assert.Equal(long.Parse(rows[^1][1]), rows.Sum(r => long.Parse(r[4])));
        Assert.True(long.Parse(rows[^1][1]) < 700);
        Assert.All(rows, r => Assert.True(r[5] == "1" || r[4] == "500", "an episode ends by termination or at the cap"));
    }

    [Fact]
    public void Given_a_trial_folder_that_cannot_be_created_when_run_then_the_trial_fails_retryably_without_throwing()
    {
        using var temp = new TempDirectory();
        var blocked = temp.File("trial", "a file where the trial folder should be");

        var outcome = Train(Tiny, blocked);

        Assert.Equal(TrialStatus.Failed, outcome.Status);
        Assert.True(outcome.Retryable);
        Assert.StartsWith($"error: cannot write {blocked}: ", outcome.Reason);
    }

    internal static TrialInfo Info(TrainConfig config) =>
        new($"test-seed{config.Seed}", config.Name, "", 0, config.Seed, ConfigParams.Flatten(config));

    internal static TrialOutcome Train(TrainConfig config, string directory) =>
        TrialRunner.Run(config, Info(config), directory, [], CancellationToken.None).Outcome;

    internal static string[] DeterministicEvalColumns(string trialDirectory) =>
        File.ReadAllLines(Path.Combine(trialDirectory, ResultsLayout.EvaluationFile))
            .Select(line => line[..line.LastIndexOf(',')]).ToArray();

    private sealed class CancelAfterEpisodes(CancellationTokenSource source, int episodes) : ITrialSink
    {
        public void OnStarted(TrialInfo trial) { }
        public void OnEpisode(TrialInfo trial, EpisodeRecord episode) { if (episode.Episode + 1 == episodes) source.Cancel(); }
        public void OnEvaluation(TrialInfo trial, EvaluationRecord evaluation) { }
        public void OnFinished(TrialInfo trial, TrialOutcome outcome) { }
    }
}
