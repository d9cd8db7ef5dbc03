using Lab.Core;
using Lab.Neural;

namespace Lab.Agent.Tests;

/// <summary>The config records: their defaults are docs/CONFIG.md's, and they compare by value.</summary>
public sealed class TrainConfigTests
{
    [Fact]
    public void Every_default_is_the_one_docs_CONFIG_md_lists()
    {
        var c = new TrainConfig();

        Assert.Equal(("dqn", "CartPole-v1", null, 300, null, 1L), (c.Name, c.Env.Name, c.MaxSteps, c.Episodes, c.TotalSteps, c.Seed));
        Assert.Equal((0.99, 10_000, 1_000, 64, 1, 1), (c.Gamma, c.Memory, c.LearningStarts, c.BatchSize, c.TrainEvery, c.GradientSteps));
        Assert.Equal((LossKind.Mse, false, null, false), (c.Loss, c.DoubleDqn, c.FailureReward, c.TimeoutsAsTerminal));
        Assert.Equal((EpsilonScheduleKind.Linear, 1.0, 0.05, 0.999, 10_000L, 0L),
            (c.Epsilon.Schedule, c.Epsilon.Start, c.Epsilon.Min, c.Epsilon.Decay, c.Epsilon.DecaySteps, c.Epsilon.DecayStart));
        Assert.Equal([64, 64], c.Network.Hidden);
        Assert.Equal((Activation.Relu, WeightInitKind.GlorotUniform, 0.1), (c.Network.Activation, c.Network.Init, c.Network.InitStddev));
        var o = c.Optimizer;
        Assert.Equal((OptimizerKind.Adam, 1e-3, 0.9, 0.999, 1e-7, 0.9, 0.0, null),
            (o.Name, o.LearningRate, o.Beta1, o.Beta2, o.Epsilon, o.Rho, o.Momentum, o.ClipNorm));
        Assert.Equal((TargetUpdateMode.Steps, 500, 1.0), (c.TargetUpdate.Mode, c.TargetUpdate.Every, c.TargetUpdate.Tau));
        Assert.Null(c.Stop.ConsecutiveCaps);
        Assert.Equal((50, 20, null), (c.Evaluation.EveryEpisodes, c.Evaluation.Episodes, c.Evaluation.MaxSteps));
    }

    [Fact]
    public void Network_configs_with_the_same_hidden_sizes_in_different_lists_are_equal_and_hash_alike()
    {
        var a = new NetworkConfig { Hidden = new List<int> { 8, 6 }, Activation = Activation.Tanh, Init = WeightInitKind.Normal, InitStddev = 0.3 };
        var b = new NetworkConfig { Hidden = [8, 6], Activation = Activation.Tanh, Init = WeightInitKind.Normal, InitStddev = 0.3 };

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    public static TheoryData<NetworkConfig> OneKeyOff => new()
    {
        new NetworkConfig { Hidden = [8] },
        new NetworkConfig { Hidden = [6, 8] },
        new NetworkConfig { Hidden = [8, 6, 1] },
        new NetworkConfig { Hidden = [8, 6], Activation = Activation.Linear },
        new NetworkConfig { Hidden = [8, 6], Init = WeightInitKind.Normal },
        new NetworkConfig { Hidden = [8, 6], InitStddev = 0.2 },
    };

    [Theory]
    [MemberData(nameof(OneKeyOff))]
    public void Network_configs_that_differ_in_one_key_are_not_equal(NetworkConfig other)
    {
        var config = new NetworkConfig { Hidden = [8, 6] };

        Assert.NotEqual(config, other);
        Assert.False(config.Equals(null));
    }
}
