using System.Text.Json;
using Lab.Agent;
using Lab.Core;
using Lab.Neural;
using Lab.Runner.Store;
using Lab.Runner.Tests.Support;
using Xunit;
using static Lab.Runner.Tests.Execution.TrainerTests;

namespace Lab.Runner.Tests.Execution;

/// <summary>A trial with evaluation.keep_best: best.dqn beside model.dqn, status.json's best_checkpoint, and training left as it was.</summary>
public sealed class BestCheckpointTrialTests
{
    /// <summary>TrainerTests' tiny trial, evaluated every 100 env steps on 5 episodes (cap 500), keeping the best.</summary>
    private static TrainConfig KeepingBest(bool keepBest) =>
        Tiny with { Evaluation = Tiny.Evaluation with { EveryEpisodes = 0, EverySteps = 100, KeepBest = keepBest } };

    [Fact]
    public void Keep_best_changes_no_training_file_and_only_adds_best_dqn()
    {
        using var temp = new TempDirectory();
        var off = Path.Combine(temp.Path, "off");
        var on = Path.Combine(temp.Path, "on");
        Train(KeepingBest(false), off);
        Train(KeepingBest(true), on);

        Assert.Equal(File.ReadAllBytes(Path.Combine(off, ResultsLayout.MetricsFile)), File.ReadAllBytes(Path.Combine(on, ResultsLayout.MetricsFile)));
        Assert.Equal(DeterministicEvalColumns(off), DeterministicEvalColumns(on));
        Assert.Equal(File.ReadAllBytes(Path.Combine(off, ResultsLayout.ModelFile)), File.ReadAllBytes(Path.Combine(on, ResultsLayout.ModelFile)));
        var added = Directory.GetFiles(on).Select(Path.GetFileName).Except(Directory.GetFiles(off).Select(Path.GetFileName)).ToList();
        Assert.Equal([ResultsLayout.BestModelFile], added);
    }

    [Fact]
    public void Best_dqn_is_the_network_of_the_best_eval_csv_row_and_plays_its_score_again()
    {
        using var temp = new TempDirectory();
        var outcome = Train(KeepingBest(true), temp.Path);

        var rows = File.ReadAllLines(Path.Combine(temp.Path, ResultsLayout.EvaluationFile)).Skip(1).SkipLast(1) // the last is the final one
            .Select(l => l.Split(',')).Select(f => (Episode: int.Parse(f[0]), Steps: long.Parse(f[1]), Mean: double.Parse(f[4]))).ToList();
        Assert.Equal(Enumerable.Range(1, rows.Count).Select(k => 100L * k), rows.Select(r => r.Steps));
        var first = rows.First(r => r.Mean == rows.Max(x => x.Mean));

        using var status = JsonDocument.Parse(File.ReadAllText(Path.Combine(temp.Path, ResultsLayout.StatusFile)));
        var best = status.RootElement.GetProperty("best_checkpoint");
        Assert.Equal("best.dqn", best.GetProperty("file").GetString());
        Assert.Equal((first.Episode, first.Steps, first.Mean),
            (best.GetProperty("episode").GetInt32(), best.GetProperty("env_steps").GetInt64(), best.GetProperty("selection_mean").GetDouble()));

        // Evaluated again on the trial's 5 start states at cap 500, best.dqn scores what chose it.
        var network = QNetwork.Load(Path.Combine(temp.Path, ResultsLayout.BestModelFile), 5);
        var again = GreedyEvaluator.Run(Environments.Create("CartPole-v1", 0), network, 5, 500, Tiny.Seed);
        Assert.Equal(first.Mean, again.Mean);
        Assert.Equal(first.Mean, best.GetProperty("final_evaluation").GetProperty("mean").GetDouble());
        Assert.Equal(outcome.Best, StatusFile.Read(temp.Path)!.Best);
    }

    [Fact]
    public void Runner_eval_best_evaluates_best_dqn_into_its_own_file()
    {
        using var temp = new TempDirectory();
        var outcome = Train(KeepingBest(true), temp.Path);

        var run = RunnerProcess.Run(temp.Path, "eval", temp.Path, "--best", "--episodes", "5");

        Assert.Equal(0, run.ExitCode);
        using var file = JsonDocument.Parse(File.ReadAllText(Path.Combine(temp.Path, "eval-best-custom-5x500-seed3.json")));
        Assert.EndsWith(ResultsLayout.BestModelFile, file.RootElement.GetProperty("model").GetString());
        Assert.Equal(outcome.Best!.Evaluation.Mean, file.RootElement.GetProperty("mean").GetDouble());
    }

    [Fact]
    public void Runner_eval_best_of_a_trial_without_a_best_checkpoint_says_how_to_keep_one()
    {
        using var temp = new TempDirectory();
        Train(KeepingBest(false), temp.Path);

        var run = RunnerProcess.Run(temp.Path, "eval", temp.Path, "--best");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no best.dqn", run.Error);
        Assert.Contains("evaluation.keep_best", run.Error);
    }
}
