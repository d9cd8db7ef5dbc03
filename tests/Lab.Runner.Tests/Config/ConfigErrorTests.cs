using Lab.Agent;
using Lab.Runner.Config;
using Xunit;
using static Lab.Runner.Tests.Config.ConfigFixtures;

namespace Lab.Runner.Tests.Config;

/// <summary>Broken train configs (tests/Lab.Runner.Tests/TestData/configs) and the messages people get.</summary>
public sealed class ConfigErrorTests
{
    [Fact]
    public void A_missing_file_is_named_with_no_position()
    {
        var path = TestConfig("does-not-exist.yaml");

        var ex = LoadFails(path);

        var error = Assert.Single(ex.Errors);
        Assert.Equal((path, 0, ""), (error.Source, error.Line, error.Key));
        Assert.Equal($"{path}: file not found", ex.Message);
    }

    [Fact]
    public void An_unknown_key_suggests_the_nearest_one()
    {
        var ex = LoadFails(TestConfig("unknown-key.yaml"));

        At(Assert.Single(ex.Errors), "unknown-key.yaml", 3, 1, "batchsize", "unknown key; did you mean 'batch_size'?");
    }

    [Fact]
    public void An_unknown_nested_key_is_named_by_its_dotted_path()
    {
        var ex = LoadFails(TestConfig("unknown-nested-key.yaml"));

        At(Assert.Single(ex.Errors), "unknown-nested-key.yaml", 4, 3, "epsilon.mni", "did you mean 'epsilon.min'?");
    }

    [Fact]
    public void A_key_in_the_wrong_section_points_to_the_right_one()
    {
        var ex = LoadFails(TestConfig("misplaced-key.yaml"));

        At(Assert.Single(ex.Errors), "misplaced-key.yaml", 2, 1, "learning_rate", "did you mean 'optimizer.learning_rate'?");
    }

    [Fact]
    public void A_wrong_type_says_what_was_expected_and_what_was_found()
    {
        var ex = LoadFails(TestConfig("wrong-type.yaml"));

        At(Assert.Single(ex.Errors), "wrong-type.yaml", 2, 11, "episodes", "expected an integer, got 'abc'");
    }

    [Fact]
    public void A_wrong_list_item_is_located_at_the_item()
    {
        var ex = LoadFails(TestConfig("wrong-type-list.yaml"));

        At(Assert.Single(ex.Errors), "wrong-type-list.yaml", 3, 16, "network.hidden", "expected a list of integers, got 'sixty-four' at position 2");
    }

    [Fact]
    public void An_out_of_range_value_reads_file_line_column_key_and_range()
    {
        var path = TestConfig("gamma-out-of-range.yaml");

        var ex = LoadFails(path);

        Assert.Equal($"{path}:4:8: gamma: 1.5 is outside [0, 1]", ex.Message);
        Assert.Equal((path, 4, 8, "gamma"), (ex.File, ex.Line, ex.Column, ex.Key));
    }

    [Fact]
    public void Malformed_yaml_is_reported_at_the_parser_position()
    {
        var ex = LoadFails(TestConfig("malformed.yaml"));

        var error = Assert.Single(ex.Errors);
        Assert.Equal("malformed.yaml", Path.GetFileName(error.Source));
        Assert.True(error.Line is 3 or 4, ex.Message);
        Assert.True(error.Column > 0, ex.Message);
        Assert.StartsWith("malformed YAML: ", error.Message);
        Assert.DoesNotContain("Idx:", error.Message);
    }

    [Fact]
    public void Bad_indentation_is_malformed_yaml_at_its_line()
    {
        var ex = LoadFails(TestConfig("bad-indentation.yaml"));

        var error = Assert.Single(ex.Errors);
        Assert.Equal(4, error.Line);
        Assert.StartsWith("malformed YAML: ", error.Message);
    }

    [Fact]
    public void Memory_smaller_than_a_batch_is_reported_at_the_key_set_last()
    {
        var ex = LoadFails(TestConfig("memory-below-batch.yaml"));

        At(Assert.Single(ex.Errors), "memory-below-batch.yaml", 3, 13, "batch_size", "64 is larger than memory (32)");
    }

    [Fact]
    public void An_empty_network_is_refused()
    {
        var ex = LoadFails(TestConfig("empty-network.yaml"));

        At(Assert.Single(ex.Errors), "empty-network.yaml", 3, 11, "network.hidden", "at least one hidden layer");
    }

    [Fact]
    public void An_unknown_optimizer_lists_the_allowed_ones()
    {
        var ex = LoadFails(TestConfig("unknown-optimizer.yaml"));

        At(Assert.Single(ex.Errors), "unknown-optimizer.yaml", 3, 9, "optimizer.name",
            "'adamw' is not one of adam, rmsprop, sgd; did you mean 'adam'?");
    }

    [Fact]
    public void Training_without_episodes_or_total_steps_is_refused()
    {
        var ex = LoadFails(TestConfig("no-length.yaml"));

        At(Assert.Single(ex.Errors), "no-length.yaml", 3, 14, "total_steps", "episodes and total_steps are both null");
    }

    [Fact]
    public void Every_problem_of_a_file_is_reported_in_file_order()
    {
        var ex = LoadFails(TestConfig("many-errors.yaml"));

        Assert.Equal(7, ex.Errors.Count);
        At(ex.Errors[0], "many-errors.yaml", 3, 1, "gama", "did you mean 'gamma'?");
        At(ex.Errors[1], "many-errors.yaml", 4, 11, "episodes", "expected an integer, got 'ten'");
        At(ex.Errors[2], "many-errors.yaml", 5, 1, "learning_rate", "did you mean 'optimizer.learning_rate'?");
        At(ex.Errors[3], "many-errors.yaml", 7, 8, "epsilon.min", "2 is outside [0, 1]");
        At(ex.Errors[4], "many-errors.yaml", 8, 7, "loss", "'l2' is not one of mse, huber");
        At(ex.Errors[5], "many-errors.yaml", 10, 13, "evaluation.episodes", "must be at least 1, got 0");
        At(ex.Errors[6], "many-errors.yaml", 12, 8, "target_update.tau", "0 is outside (0, 1]");
        Assert.Equal(7, ex.Message.Split('\n').Length);
    }

    [Fact]
    public void A_missing_base_is_reported_where_it_is_named()
    {
        var ex = LoadFails(TestConfig("missing-base.yaml"));

        At(Assert.Single(ex.Errors), "missing-base.yaml", 1, 7, "base", "nowhere.yaml: file not found");
    }

    [Fact]
    public void A_problem_in_a_base_file_points_into_the_base_file()
    {
        var ex = LoadFails(TestConfig("bad-in-base.yaml"));

        At(Assert.Single(ex.Errors), "bad-base-itself.yaml", 3, 18, "optimizer.learning_rate", "must be greater than 0, got -0.1");
    }

    [Fact]
    public void Bases_that_form_a_cycle_are_refused()
    {
        var ex = LoadFails(TestConfig("cycle-a.yaml"));

        At(Assert.Single(ex.Errors), "cycle-b.yaml", 1, 7, "base", "cycle-a.yaml → cycle-b.yaml → cycle-a.yaml");
    }

    [Fact]
    public void A_key_given_twice_is_refused()
    {
        var ex = LoadFails(TestConfig("duplicate-key.yaml"));

        At(Assert.Single(ex.Errors), "duplicate-key.yaml", 3, 1, "gamma", "duplicate key (first given at line 2)");
    }

    [Fact]
    public void A_grid_key_in_a_train_config_says_it_belongs_in_a_grid()
    {
        var ex = LoadFails(TestConfig("grid-in-train-config.yaml"));

        At(Assert.Single(ex.Errors), "grid-in-train-config.yaml", 2, 1, "question", "belongs in a grid file (./runner sweep)");
    }

    [Theory]
    [InlineData("epsilon.start=1.5", "epsilon.start", "1.5 is outside [0, 1]")]
    [InlineData("epsilon.decay=0", "epsilon.decay", "0 is outside (0, 1]")]
    [InlineData("optimizer.learning_rate=0", "optimizer.learning_rate", "must be greater than 0, got 0")]
    [InlineData("memory=0", "memory", "must be at least 1, got 0")]
    [InlineData("batch_size=-1", "batch_size", "must be at least 1, got -1")]
    [InlineData("network.hidden=[64, 0]", "network.hidden", "layer 2 has 0 units")]
    [InlineData("env=MountainCar-v1", "env", "is not one of CartPole-v0, CartPole-v1, Acrobot-v1, MountainCar-v0")]
    [InlineData("loss=l1", "loss", "is not one of mse, huber")]
    [InlineData("network.activation=sigmoid", "network.activation", "is not one of relu, tanh, linear")]
    [InlineData("network.init=he", "network.init", "is not one of glorot_uniform, normal")]
    [InlineData("epsilon.schedule=exponential", "epsilon.schedule", "is not one of constant, multiplicative, linear")]
    [InlineData("target_update.mode=sometimes", "target_update.mode", "is not one of none, episode, steps")]
    [InlineData("target_update=often", "target_update", "expected none, episode, a number of env steps")]
    [InlineData("target_update.every=0", "target_update.every", "must be at least 1, got 0")]
    [InlineData("evaluation.episodes=0", "evaluation.episodes", "must be at least 1, got 0")]
    [InlineData("max_steps=0", "max_steps", "must be at least 1, got 0")]
    [InlineData("stop.consecutive_caps=0", "stop.consecutive_caps", "must be at least 1, got 0")]
    [InlineData("epsilon.min=0.5", "epsilon.min", "0.5 is above epsilon.start (0.2)")]
    [InlineData("gamma=[0.9]", "gamma", "expected a number, got a list [0.9]")]
    [InlineData("double_dqn=maybe", "double_dqn", "expected true or false, got 'maybe'")]
    [InlineData("episodes=1e400", "episodes", "expected an integer, got '1e400'")]
    [InlineData("batch_size=3000000000", "batch_size", "is too large")]
    [InlineData("epsilon=0.1", "epsilon", "expected a mapping of schedule, start, min")]
    [InlineData("name=my results", "name", "must start with a letter or digit")]
    [InlineData("seed=-1", "seed", "must be at least 0, got -1")]
    [InlineData("base=x.yaml", "base", "can only be given at the top of a file")]
    public void Out_of_range_and_wrongly_typed_overrides_are_refused(string set, string key, string says)
    {
        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("epsilon: {start: 0.2, min: 0.1}", "x.yaml", [set]));

        var error = Assert.Single(ex.Errors);
        Assert.Equal(key, error.Key);
        Assert.Contains(says, error.Message);
    }

    [Fact]
    public void Validating_a_config_built_in_code_lists_every_problem()
    {
        var config = new TrainConfig { Gamma = -1, BatchSize = 0, Network = new NetworkConfig { Hidden = [] } };

        var errors = ConfigValidator.Validate(config);

        Assert.Equal(["gamma", "batch_size", "network.hidden"], errors.Select(e => e.Key));
    }

    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.Empty(ConfigValidator.Validate(new TrainConfig()));
    }
}
