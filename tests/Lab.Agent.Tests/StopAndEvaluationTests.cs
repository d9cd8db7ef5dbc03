using Lab.Core;
using Lab.Neural;

namespace Lab.Agent.Tests;

/// <summary>stop.consecutive_caps and the evaluation cadence (evaluation.every_episodes, episodes, max_steps).</summary>
public sealed class StopAndEvaluationTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public void Consecutive_caps_stops_right_after_the_first_run_of_that_many_capped_episodes(int caps)
    {
        // A cap of 14 steps: random play reaches it often, and fails before it often.
        var config = Configs.StopAfterCaps(Configs.ConstantEpsilon(Configs.Tiny(), 1.0), caps) with { MaxSteps = 14, Episodes = 300 };
        var run = TrialRun.Of(config);

        var capped = run.Episodes.Select(r => !r.Terminated && r.Length == 14).ToArray();
        var firstRunEnd = -1;
        for (int k = 0, streak = 0; k < capped.Length; k++)
        {
            streak = capped[k] ? streak + 1 : 0;
            if (streak == caps) { firstRunEnd = k; break; }
        }

        Assert.Equal(TrialStatus.StoppedEarly, run.Result.Status);
        Assert.Equal(capped.Length - 1, firstRunEnd);
        Assert.Equal(run.Episodes.Count, run.Result.Episodes);
        Assert.Contains(run.Episodes, r => r.Terminated);
        Assert.Contains($"{caps} consecutive", run.Result.Reason);
    }

    [Fact]
    public void An_episode_that_falls_on_the_capped_step_is_not_a_capped_episode()
    {
        // Seed 3, cap 16, random play: episode 0 falls on its 16th step (terminated and truncated at
        // once), episode 3 is the first to reach the cap standing.
        var config = Configs.StopAfterCaps(Configs.ConstantEpsilon(Configs.Tiny(), 1.0), 1) with { MaxSteps = 16, Episodes = 300 };
        var run = TrialRun.Of(config);

        Assert.Equal((16, true), (run.Episodes[0].Length, run.Episodes[0].Terminated));
        Assert.Equal(TrialStatus.StoppedEarly, run.Result.Status);
        Assert.Equal(4, run.Episodes.Count);
        Assert.Equal((16, false), (run.Episodes[3].Length, run.Episodes[3].Terminated));
        Assert.Equal("1 consecutive episodes reached the cap of 16 steps", run.Result.Reason);
    }

    [Fact]
    public void Without_consecutive_caps_capped_episodes_never_stop_training()
    {
        var config = Configs.StopAfterCaps(Configs.ConstantEpsilon(Configs.Tiny(), 1.0), null) with { MaxSteps = 3, Episodes = 20 };
        var run = TrialRun.Of(config);
        Assert.Equal(TrialStatus.Finished, run.Result.Status);
        Assert.Equal(20, run.Episodes.Count);
        Assert.All(run.Episodes, r => Assert.False(r.Terminated));
    }

    [Theory]
    [InlineData(4, 10, new[] { 4, 8, 10 })]   // after episodes 4 and 8, then the final one
    [InlineData(5, 10, new[] { 5, 10 })]      // none twice after the last episode
    [InlineData(0, 6, new[] { 6 })]           // 0: only the final evaluation
    [InlineData(1, 3, new[] { 1, 2, 3 })]
    public void Evaluations_come_after_every_every_episodes_th_episode_and_once_at_the_end(int every, int episodes, int[] expected)
    {
        var config = Configs.WithEvaluation(Configs.Tiny(), every, episodes: 3, maxSteps: 15) with { Episodes = episodes };
        var run = TrialRun.Of(config);

        Assert.Equal(expected, run.Evaluations.Select(e => e.Episode));
        Assert.Same(run.Evaluations[^1], run.Result.FinalEvaluation);
        foreach (var e in run.Evaluations)
        {
            Assert.Equal(run.Episodes[e.Episode - 1].EnvSteps, e.EnvSteps);
            Assert.Equal(3, e.Episodes);
            Assert.Equal(15, e.MaxSteps);
        }
    }

    [Theory]
    [InlineData(3, 7)]
    [InlineData(5, 12)]
    [InlineData(1, null)]
    public void An_evaluation_plays_evaluation_episodes_greedy_episodes_capped_at_evaluation_max_steps(int episodes, int? maxSteps)
    {
        var config = Configs.WithEvaluation(Configs.Tiny(), 0, episodes, maxSteps) with { MaxSteps = 9 };
        var run = TrialRun.Of(config);
        var final = run.Result.FinalEvaluation!;

        var cap = maxSteps ?? 500; // CartPole-v1's own cap, not the training cap of 9
        Assert.Equal(episodes, final.Episodes);
        Assert.Equal(cap, final.MaxSteps);
        Assert.True(final.Max <= cap);
        // Recomputed independently: the trained network, greedy, on the seed's evaluation starts.
        var again = GreedyEvaluator.Run(Environments.Create("CartPole-v1", 0), run.Result.Network, episodes, cap, config.Seed);
        Assert.Equal((again.Episodes, again.MaxSteps, again.Mean, again.Std, again.Min, again.Max, again.Median, again.CapShare),
            (final.Episodes, final.MaxSteps, final.Mean, final.Std, final.Min, final.Max, final.Median, final.CapShare));
    }

    [Fact]
    public void An_evaluation_cap_of_2_steps_caps_every_greedy_episode_at_2_steps()
    {
        // The cap is what ends these episodes: every one of them is capped at exactly 2 steps,
        // since no CartPole start fails within 2 steps.
        var config = Configs.WithEvaluation(Configs.Tiny(), 0, 4, 2);
        var final = TrialRun.Of(config).Result.FinalEvaluation!;
        Assert.Equal((2.0, 2.0, 1.0), (final.Mean, final.Max, final.CapShare));
    }

    [Theory]
    [InlineData(3, 3)]
    [InlineData(1_100, 1_024)] // more episodes than one batch: played 1,024 at a time
    public void Every_evaluation_plays_one_inference_only_network_holding_the_online_parameters(int episodes, int maxBatch)
    {
        QNetwork? online = null;
        var played = new List<QNetwork>();
        var probe = new TrainerProbe
        {
            Built = (o, _, _) => online = o,
            Evaluating = network =>
            {
                Assert.Equal(online!.Parameters, network.Parameters);
                played.Add(network);
            },
        };
        var run = TrialRun.Of(Configs.WithEvaluation(Configs.Tiny(), 4, episodes, 10), probe);

        Assert.Equal(3, run.Evaluations.Count); // after episodes 4 and 8, and the final one
        Assert.Equal(3, played.Count);
        Assert.All(played, network => Assert.Same(played[0], network));
        Assert.NotSame(online, played[0]);
        Assert.Null(played[0].Optimizer);
        Assert.Equal(maxBatch, played[0].MaxBatch);
    }
}
