using Lab.Core;

namespace Lab.Agent.Tests;

/// <summary>evaluation.every_steps, evaluation.keep_best and evaluation.final_episodes.</summary>
public sealed class BestCheckpointTests
{
    /// <summary>Tiny, run for exactly 100 env steps with no evaluation by episodes.</summary>
    private static TrainConfig HundredSteps(long everySteps, int episodes = 3, int? cap = 30, bool keepBest = false, int? finalEpisodes = null) =>
        Configs.Tiny() with
        {
            Episodes = null,
            TotalSteps = 100,
            Evaluation = new EvaluationConfig
            {
                EveryEpisodes = 0, Episodes = episodes, MaxSteps = cap, EverySteps = everySteps, KeepBest = keepBest,
                FinalEpisodes = finalEpisodes,
            },
        };

    [Theory]
    [InlineData(25, new long[] { 25, 50, 75, 100 })]   // the last is the final evaluation, not a 4th periodic one
    [InlineData(30, new long[] { 30, 60, 90, 100 })]
    [InlineData(0, new long[] { 100 })]                 // 0: only the final evaluation
    public void Every_steps_evaluates_after_each_multiple_of_n_env_steps_and_once_at_the_end(long every, long[] expected)
    {
        var run = TrialRun.Of(HundredSteps(every));
        Assert.Equal(expected, run.Evaluations.Select(e => e.EnvSteps));
        Assert.Same(run.Evaluations[^1], run.Result.FinalEvaluation);
    }

    [Fact]
    public void A_step_evaluation_falls_mid_episode_and_counts_only_the_episodes_that_ended_before_it()
    {
        var run = TrialRun.Of(HundredSteps(25));
        var periodic = run.Evaluations.SkipLast(1).ToList();
        // Mid-episode: an evaluation at step s counts the episodes that ended before step s.
        foreach (var e in periodic)
            Assert.Equal(run.Episodes.Count(r => r.EnvSteps < e.EnvSteps), e.Episode);
        Assert.Contains(periodic, e => run.Episodes.All(r => r.EnvSteps != e.EnvSteps));
    }

    [Fact]
    public void Step_and_episode_schedules_together_evaluate_a_step_once()
    {
        // Every episode and every env step: each step's evaluation already covers the episode ends.
        var config = HundredSteps(1) with { Evaluation = HundredSteps(1).Evaluation with { EveryEpisodes = 1 } };
        var run = TrialRun.Of(config);
        Assert.Equal(Enumerable.Range(1, 100).Select(s => (long)s), run.Evaluations.Select(e => e.EnvSteps));
    }

    [Fact]
    public void Keep_best_keeps_the_network_of_the_periodic_evaluation_with_the_highest_mean()
    {
        var snapshots = new List<float[]>();
        var probe = new TrainerProbe { Evaluating = network => snapshots.Add(network.Parameters.ToArray()) };
        var run = TrialRun.Of(HundredSteps(10, episodes: 4, cap: 60, keepBest: true) with { TotalSteps = 400 }, probe);

        var periodic = run.Evaluations.SkipLast(1).ToList();
        Assert.Equal(39, periodic.Count); // steps 10, 20, ..., 390
        var bestIndex = periodic.FindIndex(e => e.Mean == periodic.Max(p => p.Mean));
        Assert.True(periodic.Select(e => e.Mean).Distinct().Count() > 1, "the evaluations must differ for the choice to mean something");
        var best = run.Result.Best!;
        Assert.Equal((periodic[bestIndex].Episode, periodic[bestIndex].EnvSteps, periodic[bestIndex].Mean),
            (best.Episode, best.EnvSteps, best.SelectionMean));
        // The kept network is the one that evaluation played, not the final one.
        Assert.Equal(snapshots[bestIndex], run.Result.BestNetwork!.Parameters);
        Assert.NotEqual(run.Result.Network.Parameters, run.Result.BestNetwork.Parameters);
        // Played again with the same episodes and start states, it scores what chose it.
        var again = GreedyEvaluator.Run(Environments.Create("CartPole-v1", 0), run.Result.BestNetwork, 4, 60, 3);
        Assert.Equal(best.SelectionMean, again.Mean);
        Assert.Equal(again.Mean, best.Evaluation.Mean);
        Assert.Equal((best.Episode, best.EnvSteps, 4, 60), (best.Evaluation.Episode, best.Evaluation.EnvSteps, best.Evaluation.Episodes, best.Evaluation.MaxSteps));
    }

    [Fact]
    public void On_a_tie_keep_best_keeps_the_first_of_the_best_evaluations()
    {
        // An evaluation cap of 2 steps: no CartPole start falls within 2 steps, so every evaluation scores 2,
        // the end of training's too: the first, after 25 steps, is kept.
        var run = TrialRun.Of(HundredSteps(25, cap: 2, keepBest: true));
        Assert.All(run.Evaluations, e => Assert.Equal(2.0, e.Mean));
        Assert.Equal((25L, 2.0), (run.Result.Best!.EnvSteps, run.Result.Best.SelectionMean));
    }

    [Fact]
    public void Without_keep_best_there_is_no_best_checkpoint()
    {
        var run = TrialRun.Of(HundredSteps(25));
        Assert.Null(run.Result.BestNetwork);
        Assert.Null(run.Result.Best);
    }

    [Fact]
    public void Without_a_periodic_evaluation_the_best_checkpoint_is_the_network_at_the_end_of_training()
    {
        var run = TrialRun.Of(HundredSteps(0, keepBest: true));
        Assert.Equal((100L, run.Result.FinalEvaluation!.Mean), (run.Result.Best!.EnvSteps, run.Result.Best.SelectionMean));
        Assert.Equal(run.Result.Network.Parameters, run.Result.BestNetwork!.Parameters);
    }

    [Fact]
    public void Keep_best_and_step_evaluations_do_not_change_training()
    {
        var off = TrialRun.Of(HundredSteps(0) with { TotalSteps = 400 });
        var on = TrialRun.Of(HundredSteps(10, keepBest: true) with { TotalSteps = 400 });
        Assert.Equal(off.Episodes.Select(Deterministic), on.Episodes.Select(Deterministic));
        Assert.Equal(off.Result.Network.Parameters, on.Result.Network.Parameters);
        Assert.Equal(off.Result.FinalEvaluation!.Mean, on.Result.FinalEvaluation!.Mean);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(1)]
    public void Final_episodes_sizes_the_final_evaluations_of_the_final_and_the_best_network(int finalEpisodes)
    {
        var run = TrialRun.Of(HundredSteps(25, episodes: 3, keepBest: true, finalEpisodes: finalEpisodes));
        Assert.All(run.Evaluations.SkipLast(1), e => Assert.Equal(3, e.Episodes));
        Assert.Equal(finalEpisodes, run.Result.FinalEvaluation!.Episodes);
        Assert.Equal(finalEpisodes, run.Result.Best!.Evaluation.Episodes);
        var again = GreedyEvaluator.Run(Environments.Create("CartPole-v1", 0), run.Result.Network, finalEpisodes, 30, 3);
        Assert.Equal(again.Mean, run.Result.FinalEvaluation.Mean);
    }

    private static (int, long, double, int, bool, double, double, double, long) Deterministic(EpisodeRecord r) =>
        (r.Episode, r.EnvSteps, r.Return, r.Length, r.Terminated, r.Epsilon, r.TdLoss, r.MeanMaxQ, r.Updates);
}
