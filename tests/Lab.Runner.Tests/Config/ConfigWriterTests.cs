using Lab.Core;
using Lab.Agent;
using Lab.Runner.Config;
using Xunit;
using static Lab.Runner.Tests.Config.ConfigFixtures;
using Lab.Neural;

namespace Lab.Runner.Tests.Config;

/// <summary>Resolved configs written as YAML and flattened to params.</summary>
public sealed class ConfigWriterTests
{
    public static TheoryData<string> PresetFiles() => new(Presets.Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(PresetFiles))]
    public void Writing_a_preset_and_loading_it_back_gives_an_equal_config(string preset)
    {
        var config = ConfigLoader.Load(Preset(preset));

        var again = ConfigLoader.Parse(ConfigWriter.ToYaml(config));

        Assert.Equal(config, again);
        Assert.Equal(ConfigWriter.ToYaml(config), ConfigWriter.ToYaml(again));
    }

    [Fact]
    public void Awkward_values_survive_the_round_trip()
    {
        var config = new TrainConfig
        {
            Name = "odd.name_1",
            MaxSteps = null,
            Episodes = null,
            TotalSteps = 123_456_789_012,
            Gamma = 0.1 + 0.2,
            Epsilon = new EpsilonConfig { Schedule = EpsilonScheduleKind.Constant, Start = 1e-7, Min = 0, Decay = 1, DecaySteps = 1, DecayStart = 5 },
            Network = new NetworkConfig { Hidden = [1, 2, 3], Init = WeightInitKind.Normal, InitStddev = 1.0 / 3 },
            Optimizer = new OptimizerConfig { Name = OptimizerKind.Sgd, LearningRate = 5e-324, ClipNorm = 1e300, Momentum = 0.999999 },
            FailureReward = -0.0,
            DoubleDqn = true,
            Stop = new StopConfig { ConsecutiveCaps = 1 },
            Seed = long.MaxValue,
        };

        var again = ConfigLoader.Parse(ConfigWriter.ToYaml(config));

        Assert.Equal(config, again);
    }

    [Fact]
    public void The_written_config_lists_every_key_in_order_with_invariant_numbers()
    {
        var yaml = ConfigWriter.ToYaml(new TrainConfig { Optimizer = new OptimizerConfig { Epsilon = 1e-7 } });

        Assert.StartsWith("name: dqn\nenv: CartPole-v1\nmax_steps: null\nepisodes: 300\n", yaml);
        Assert.Contains("\ngamma: 0.99\nepsilon:\n  schedule: linear\n  start: 1.0\n", yaml);
        Assert.Contains("\nnetwork:\n  hidden: [64, 64]\n", yaml);
        Assert.Contains("\n  epsilon: 1e-07\n", yaml);
        Assert.DoesNotContain("\r", yaml);
        Assert.EndsWith("seed: 1\n", yaml);
    }

    [Fact]
    public void A_header_becomes_comment_lines()
    {
        var yaml = ConfigWriter.ToYaml(new TrainConfig(), "resolved by runner\nfrom x.yaml");

        Assert.StartsWith("# resolved by runner\n# from x.yaml\nname: dqn\n", yaml);
        Assert.Equal(new TrainConfig(), ConfigLoader.Parse(yaml));
    }

    [Fact]
    public void Flatten_gives_every_dotted_key_as_invariant_text()
    {
        var config = ConfigLoader.Load(Preset("dqn1.yaml"));

        var flat = ConfigParams.Flatten(config);

        Assert.Equal("0.0001", flat["epsilon.min"]);
        Assert.Equal("[32, 16, 8, 4]", flat["network.hidden"]);
        Assert.Equal("0.99", flat["gamma"]);
        Assert.Equal("1.0", flat["epsilon.start"]);
        Assert.Equal("-100.0", flat["failure_reward"]);
        Assert.Equal("null", flat["total_steps"]);
        Assert.Equal("true", flat["double_dqn"]);
        Assert.Equal("episode", flat["target_update.mode"]);
        Assert.Equal("1e-07", flat["optimizer.epsilon"]);
        // The teacher section and the later evaluation keys, at their defaults, are left out so that configs
        // without them keep their params and ids.
        string[] laterKeys = ["evaluation.every_steps", "evaluation.final_episodes", "evaluation.keep_best"];
        Assert.Equal(ConfigParams.Keys.Where(k => !k.StartsWith("teacher.", StringComparison.Ordinal) && !laterKeys.Contains(k)).Order(StringComparer.Ordinal), flat.Keys);
        Assert.DoesNotContain("teacher:", ConfigWriter.ToYaml(config));

        var taught = config with { Teacher = config.Teacher with { Controller = TeacherKind.CartPoleFeedback } };
        Assert.Equal("cartpole_feedback", ConfigParams.Flatten(taught)["teacher.controller"]);
        Assert.Equal("0.2", ConfigParams.Flatten(taught)["teacher.margin"]);
        Assert.Contains("teacher:\n  controller: cartpole_feedback\n  margin: 0.2\n", ConfigWriter.ToYaml(taught));
    }

    [Fact]
    public void Every_property_of_TrainConfig_is_a_key()
    {
        Assert.Contains("batch_size", ConfigParams.Keys);
        Assert.Contains("epsilon.decay_steps", ConfigParams.Keys);
        Assert.Contains("network.init_stddev", ConfigParams.Keys);
        Assert.Contains("optimizer.clip_norm", ConfigParams.Keys);
        Assert.Contains("target_update.tau", ConfigParams.Keys);
        Assert.Contains("stop.consecutive_caps", ConfigParams.Keys);
        Assert.Contains("evaluation.every_episodes", ConfigParams.Keys);
        Assert.Equal(ConfigParams.Keys.Count, ConfigParams.Keys.Distinct().Count());
    }

    [Theory]
    [InlineData("env", "CartPole-v0")]
    [InlineData("env", "CartPole-v1")]
    [InlineData("epsilon.schedule", "constant")]
    [InlineData("epsilon.schedule", "multiplicative")]
    [InlineData("epsilon.schedule", "linear")]
    [InlineData("network.activation", "relu")]
    [InlineData("network.activation", "tanh")]
    [InlineData("network.activation", "linear")]
    [InlineData("network.init", "glorot_uniform")]
    [InlineData("network.init", "normal")]
    [InlineData("optimizer.name", "adam")]
    [InlineData("optimizer.name", "rmsprop")]
    [InlineData("optimizer.name", "sgd")]
    [InlineData("loss", "mse")]
    [InlineData("loss", "huber")]
    [InlineData("target_update.mode", "none")]
    [InlineData("target_update.mode", "episode")]
    [InlineData("target_update.mode", "steps")]
    public void Every_word_is_written_and_flattened_as_the_word_it_was_read_from(string key, string word)
    {
        var config = ConfigLoader.Parse("name: x", sets: [$"{key}={word.ToUpperInvariant()}"]);

        Assert.Equal(word, ConfigParams.Get(config, key));
        var leaf = key[(key.LastIndexOf('.') + 1)..];
        Assert.Contains($"{(key.Contains('.') ? "  " : "")}{leaf}: {word}\n", ConfigWriter.ToYaml(config));
        Assert.Equal(config, ConfigLoader.Parse(ConfigWriter.ToYaml(config)));
    }
}
