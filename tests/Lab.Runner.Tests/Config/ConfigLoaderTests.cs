using Lab.Agent;
using Lab.Runner.Config;
using Lab.Runner.Tests.Support;
using Xunit;
using static Lab.Runner.Tests.Config.ConfigFixtures;
using Lab.Neural;
using Lab.Core;

namespace Lab.Runner.Tests.Config;

/// <summary>YAML train configs to TrainConfig: defaults, bases, shorthands and --set.</summary>
public sealed class ConfigLoaderTests
{
    [Fact]
    public void An_empty_file_gives_every_default()
    {
        using var temp = new TempDirectory();
        var path = temp.File("empty.yaml", "# nothing but a comment\n");

        Assert.Equal(new TrainConfig(), ConfigLoader.Load(path));
    }

    [Fact]
    public void Every_key_is_the_snake_case_of_its_property()
    {
        var config = ConfigLoader.Parse("""
            name: all-keys
            env: cartpole-v0
            max_steps: 150
            episodes: null
            total_steps: 5e4
            gamma: 0.97
            epsilon: {schedule: LINEAR, start: 0.9, min: 0.02, decay: 0.98, decay_steps: 10_000, decay_start: 100}
            memory: 5000
            learning_starts: 200
            batch_size: 48
            train_every: 4
            gradient_steps: 2
            network: {hidden: [20, 10], activation: tanh, init: normal, init_stddev: 0.3}
            optimizer: {name: rmsprop, learning_rate: 2.5e-4, beta1: 0.8, beta2: 0.99, epsilon: 1e-10, rho: 0.95, momentum: 0.5, clip_norm: 10}
            loss: huber
            target_update: {mode: steps, every: 100, tau: 0.01}
            double_dqn: yes
            failure_reward: -10
            timeouts_as_terminal: true
            stop: {consecutive_caps: 5}
            evaluation: {every_episodes: 7, episodes: 9, max_steps: 1000}
            seed: 42
            """);

        Assert.Equal("CartPole-v0", config.Env.Name);
        Assert.Equal(150, config.MaxSteps);
        Assert.Null(config.Episodes);
        Assert.Equal(50_000L, config.TotalSteps);
        Assert.Equal(new EpsilonConfig { Schedule = EpsilonScheduleKind.Linear, Start = 0.9, Min = 0.02, Decay = 0.98, DecaySteps = 10_000, DecayStart = 100 }, config.Epsilon);
        Assert.Equal((5000, 200, 48, 4, 2), (config.Memory, config.LearningStarts, config.BatchSize, config.TrainEvery, config.GradientSteps));
        Assert.Equal(new NetworkConfig { Hidden = [20, 10], Activation = Activation.Tanh, Init = WeightInitKind.Normal, InitStddev = 0.3 }, config.Network);
        Assert.Equal(new OptimizerConfig { Name = OptimizerKind.RmsProp, LearningRate = 2.5e-4, Beta1 = 0.8, Beta2 = 0.99, Epsilon = 1e-10, Rho = 0.95, Momentum = 0.5, ClipNorm = 10 }, config.Optimizer);
        Assert.Equal(LossKind.Huber, config.Loss);
        Assert.Equal(new TargetUpdateConfig { Mode = TargetUpdateMode.Steps, Every = 100, Tau = 0.01 }, config.TargetUpdate);
        Assert.True(config.DoubleDqn);
        Assert.Equal(-10.0, config.FailureReward);
        Assert.True(config.TimeoutsAsTerminal);
        Assert.Equal(5, config.Stop.ConsecutiveCaps);
        Assert.Equal(new EvaluationConfig { EveryEpisodes = 7, Episodes = 9, MaxSteps = 1000 }, config.Evaluation);
        Assert.Equal(42L, config.Seed);
    }

    [Fact]
    public void A_base_file_is_loaded_first_and_the_file_overrides_it_key_by_key()
    {
        var config = ConfigLoader.Load(TestConfig("good-child.yaml"));

        Assert.Equal("child-agent", config.Name);
        Assert.Equal("CartPole-v0", config.Env.Name);     // from the base
        Assert.Equal(100, config.Episodes);               // from the base
        Assert.Equal(0.95, config.Gamma);                 // overridden
        Assert.Equal(new EpsilonConfig { Schedule = EpsilonScheduleKind.Multiplicative, Start = 1.0, Min = 0.01, Decay = 0.99 }, config.Epsilon);
        Assert.Equal([8], config.Network.Hidden);         // lists replace whole
        Assert.Equal(Activation.Tanh, config.Network.Activation); // the rest of the section merges
    }

    [Fact]
    public void Target_update_episode_is_a_shorthand_for_the_mode_alone()
    {
        var config = ConfigLoader.Load(TestConfig("good-child.yaml"));

        Assert.Equal(new TargetUpdateConfig { Mode = TargetUpdateMode.Episode, Every = 250, Tau = 0.5 }, config.TargetUpdate);
    }

    [Theory]
    [InlineData("target_update: none", TargetUpdateMode.None, 500)]
    [InlineData("target_update: episode", TargetUpdateMode.Episode, 500)]
    [InlineData("target_update: 1000", TargetUpdateMode.Steps, 1000)]
    [InlineData("target_update: {mode: steps, every: 10}", TargetUpdateMode.Steps, 10)]
    public void Target_update_shorthands_set_mode_and_interval(string yaml, TargetUpdateMode mode, int every)
    {
        var config = ConfigLoader.Parse(yaml);

        Assert.Equal((mode, every), (config.TargetUpdate.Mode, config.TargetUpdate.Every));
    }

    [Fact]
    public void Train_every_episode_means_zero()
    {
        Assert.Equal(0, ConfigLoader.Load(TestConfig("good-child.yaml")).TrainEvery);
    }

    [Fact]
    public void Set_overrides_dotted_keys_with_values_parsed_as_yaml()
    {
        var config = ConfigLoader.Load(TestConfig("good-child.yaml"),
            ["epsilon.min=0.001", "network.hidden=[64,64]", "gamma=1", "max_steps=", "target_update=1000", "name=from-the-command-line"]);

        Assert.Equal(0.001, config.Epsilon.Min);
        Assert.Equal([64, 64], config.Network.Hidden);
        Assert.Equal(1.0, config.Gamma);
        Assert.Null(config.MaxSteps);
        Assert.Equal(new TargetUpdateConfig { Mode = TargetUpdateMode.Steps, Every = 1000, Tau = 0.5 }, config.TargetUpdate);
        Assert.Equal("from-the-command-line", config.Name);
    }

    [Fact]
    public void Set_can_give_a_whole_section_as_a_mapping()
    {
        var config = ConfigLoader.Parse("name: x", sets: ["optimizer={name: sgd, learning_rate: 0.01}"]);

        Assert.Equal((OptimizerKind.Sgd, 0.01, 0.9), (config.Optimizer.Name, config.Optimizer.LearningRate, config.Optimizer.Beta1));
    }

    [Fact]
    public void Set_errors_are_located_at_set()
    {
        var ex = LoadFails(TestConfig("good-child.yaml"), "epsilon.mni=0.1", "gamma=2", "batch_size=many", "nonsense");

        Assert.All(ex.Errors, e => Assert.Equal("--set", e.Source));
        Assert.Equal(["batch_size", "epsilon.mni", "gamma", "nonsense"], ex.Errors.Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.Contains("--set: epsilon.mni: unknown key; did you mean 'epsilon.min'?", ex.Message);
        Assert.Contains("--set: gamma: 2 is outside [0, 1]", ex.Message);
        Assert.Contains("--set: batch_size: expected an integer, got 'many'", ex.Message);
        Assert.Contains("--set: nonsense: expected key=value", ex.Message);
    }

    [Fact]
    public void Set_overrides_the_written_config_of_a_resolved_one()
    {
        var config = ConfigLoader.Parse(ConfigWriter.ToYaml(new TrainConfig { Name = "x" }), sets: ["batch_size=128", "epsilon.schedule=constant"]);

        Assert.Equal((128, EpsilonScheduleKind.Constant, "x"), (config.BatchSize, config.Epsilon.Schedule, config.Name));
    }

    [Fact]
    public void Allowed_words_are_accepted_in_any_case_and_stored_as_documented()
    {
        var config = ConfigLoader.Parse("env: CARTPOLE-V1\nloss: Huber\noptimizer: {name: Adam}\nnetwork: {activation: ReLU, init: Glorot_Uniform}");

        Assert.Equal((Environments.Facts("CartPole-v1"), LossKind.Huber, OptimizerKind.Adam, Activation.Relu, WeightInitKind.GlorotUniform),
            (config.Env, config.Loss, config.Optimizer.Name, config.Network.Activation, config.Network.Init));
        Assert.Equal(["CartPole-v1", "huber", "adam", "relu", "glorot_uniform"],
            new[] { "env", "loss", "optimizer.name", "network.activation", "network.init" }.Select(k => ConfigParams.Get(config, k)));
    }
}
