using Lab.Core;
using Lab.Neural;

namespace Lab.Agent.Tests;

/// <summary>
/// The acting half of the loop, against an independent replay: with ε = 0 and learning_starts beyond the
/// run the network never changes, so every episode must be the greedy episode of the initial network
/// from the next start of the seed's "env" stream. And the learning half's random stream: every batch
/// is drawn by the seed's "replay" stream.
/// </summary>
public sealed class GreedyTrainingTests
{
    [Fact]
    public void With_epsilon_0_and_no_updates_each_episode_is_the_initial_networks_greedy_episode_from_the_env_streams_next_start()
    {
        var config = Configs.ConstantEpsilon(Configs.Tiny(), 0.0) with { LearningStarts = 1_000_000, Episodes = 12, FailureReward = -100 };
        var network = new QNetwork(new NetworkShape(4, [8], 2, Activation.Relu), 1, WeightInit.GlorotUniform, 0, null, LossKind.Mse);
        var run = TrialRun.Of(config, new TrainerProbe { Built = (online, _, _) => online.Parameters.CopyTo(network.Parameters) });

        var (starts, _) = GreedyCartPole.Starts(CartPole.V1, RngModule.ForStream(unchecked((ulong)config.Seed), "env"), 12);
        Assert.Equal(12, run.Episodes.Count);
        long steps = 0;
        for (var k = 0; k < 12; k++)
        {
            var expected = GreedyCartPole.Play(network, CartPole.V1, starts[k]);
            steps += expected.Length;
            var shaped = expected.Terminated ? expected.Return - 1 - 100 : expected.Return; // the falling step's 1 becomes -100
            var r = run.Episodes[k];
            Assert.Equal((k, steps, expected.Return, shaped, expected.Length, expected.Terminated, expected.MaxQSum / expected.Length, 0L),
                (r.Episode, r.EnvSteps, r.Return, r.ShapedReturn, r.Length, r.Terminated, r.MeanMaxQ, r.Updates));
        }

        // Different starts give different Q values: a wrong start or a stale observation would show.
        Assert.Equal(12, run.Episodes.Select(r => r.MeanMaxQ).Distinct().Count());
    }

    [Fact]
    public void Every_batch_is_drawn_by_the_seeds_replay_stream_from_the_transitions_held_at_that_step()
    {
        ReplayBuffer? replay = null;
        var stream = RngModule.ForStream(unchecked((ulong)Configs.Tiny().Seed), "replay");
        var held = new HashSet<int>();
        var steps = 0;
        var probe = new TrainerProbe
        {
            Built = (_, _, r) => replay = r,
            TrainStepping = (indices, _, _, _, _, _, _) =>
            {
                var expected = new int[indices.Length];
                stream = RngModule.FillInts(replay!.Count, stream, expected);
                Assert.Equal(expected, indices);
                held.Add(replay.Count);
                steps++;
            },
        };
        // memory 50: the replay fills up, then holds 50 transitions.
        TrialRun.Of(Configs.Tiny() with { Memory = 50, GradientSteps = 2 }, probe);

        Assert.True(steps > 100, $"only {steps} gradient steps");
        Assert.Contains(50, held);
        Assert.Contains(held, count => count < 50);
    }
}
