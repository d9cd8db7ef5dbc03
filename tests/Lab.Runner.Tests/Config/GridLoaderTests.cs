using Lab.Runner.Config;
using Lab.Runner.Tests.Support;
using Xunit;
using static Lab.Runner.Tests.Config.ConfigFixtures;
using Lab.Neural;

namespace Lab.Runner.Tests.Config;

/// <summary>Grid files to trial plans: order, labels, seeds, ids, and the errors of broken grids.</summary>
public sealed class GridLoaderTests
{
    [Fact]
    public void Trials_come_variant_first_then_axes_in_file_order_last_fastest_then_seeds()
    {
        var plan = GridLoader.Load(TestGrid("good.yaml"));

        Assert.Equal(2 * 2 * 2 * 3, plan.Trials.Count);
        Assert.Equal(
        [
            "variant=plain batch_size=16 epsilon.min=0.0001", "variant=plain batch_size=16 epsilon.min=0.01",
            "variant=plain batch_size=32 epsilon.min=0.0001", "variant=plain batch_size=32 epsilon.min=0.01",
            "variant=wide batch_size=16 epsilon.min=0.0001", "variant=wide batch_size=16 epsilon.min=0.01",
            "variant=wide batch_size=32 epsilon.min=0.0001", "variant=wide batch_size=32 epsilon.min=0.01",
        ], ConfigLabels(plan));
        Assert.Equal([7L, 8L, 9L], plan.Trials.Take(3).Select(t => t.Trial.Seed));
        Assert.Equal([0, 1, 2], plan.Trials.Take(3).Select(t => t.Trial.Replicate));
    }

    [Fact]
    public void Every_trial_config_is_the_base_with_the_sets_the_variant_and_its_cell()
    {
        var plan = GridLoader.Load(TestGrid("good.yaml"));

        var trial = plan.Trials.Single(t => t.Trial.ConfigLabel == "variant=wide batch_size=32 epsilon.min=0.01" && t.Trial.Replicate == 1);
        var c = trial.Config;
        Assert.Equal(("good-grid", 8L, 32, 0.01), (c.Name, c.Seed, c.BatchSize, c.Epsilon.Min));
        Assert.Equal([64, 64], c.Network.Hidden);                 // the variant's set
        Assert.Equal((5, 3), (c.Episodes, c.Evaluation.Episodes)); // the grid's set, dotted keys included
        Assert.Equal(("CartPole-v0", 0.9, Activation.Tanh), (c.Env.Name, c.Gamma, c.Network.Activation)); // the base
        Assert.Equal(ConfigParams.Flatten(c).Append(new("variant", "wide")).OrderBy(p => p.Key, StringComparer.Ordinal), trial.Trial.Params);
        Assert.Equal("Does everything work together?", plan.Question);
        Assert.Equal(File.ReadAllText(TestGrid("good.yaml")), plan.SourceText);
    }

    [Fact]
    public void The_same_replicate_of_every_config_has_the_same_seed()
    {
        var plan = GridLoader.Load(TestGrid("good.yaml"));

        foreach (var replicate in plan.Trials.GroupBy(t => t.Trial.Replicate))
            Assert.Single(replicate.Select(t => t.Trial.Seed).Distinct());
    }

    [Fact]
    public void A_number_of_seeds_counts_up_from_the_configs_seed()
    {
        var plan = GridLoader.Load(TestGrid("counted-seeds.yaml"));

        Assert.Equal([10L, 11L, 12L, 10L, 11L, 12L], plan.Trials.Select(t => t.Trial.Seed));
        Assert.All(plan.Trials, t => Assert.Equal(t.Trial.Seed, t.Config.Seed));
        Assert.Equal(["gamma=0.9", "gamma=0.99"], ConfigLabels(plan));
    }

    [Fact]
    public void A_grid_with_a_single_cell_has_an_empty_label()
    {
        var plan = GridLoader.Load(TestGrid("single-cell.yaml"));

        Assert.Equal(2, plan.Trials.Count);
        Assert.All(plan.Trials, t => Assert.Equal("", t.Trial.ConfigLabel));
        Assert.Matches("^s1-[0-9a-f]{8}$", plan.Trials[0].Trial.TrialId);
        Assert.Matches("^s2-[0-9a-f]{8}$", plan.Trials[1].Trial.TrialId);
    }

    [Fact]
    public void Trial_ids_are_readable_filesystem_safe_and_unique()
    {
        var plan = GridLoader.Load(TestGrid("good.yaml"));

        Assert.Matches("^plain-batch_size=16-epsilon.min=0.0001-s7-[0-9a-f]{8}$", plan.Trials[0].Trial.TrialId);
        Assert.Equal(plan.Trials.Count, plan.Trials.Select(t => t.Trial.TrialId).Distinct().Count());
        Assert.All(plan.Trials, t => Assert.Matches("^[A-Za-z0-9._=+-]+$", t.Trial.TrialId));
    }

    [Fact]
    public void Loading_a_grid_twice_gives_the_same_ids()
    {
        var first = GridLoader.Load(TestGrid("good.yaml")).Trials.Select(t => t.Trial.TrialId);
        var second = GridLoader.Load(TestGrid("good.yaml")).Trials.Select(t => t.Trial.TrialId);

        Assert.Equal(first, second);
    }

    [Fact]
    public void A_trial_id_changes_when_anything_in_its_resolved_config_changes()
    {
        var plain = GridLoader.Load(TestGrid("counted-seeds.yaml")).Trials[0].Trial.TrialId;
        var changed = GridLoader.Load(TestGrid("counted-seeds.yaml"), ["optimizer.beta2=0.98"]).Trials[0].Trial.TrialId;

        Assert.Equal(plain[..^8], changed[..^8]); // same readable part: gamma=0.9-s10-
        Assert.NotEqual(plain, changed);
    }

    [Fact]
    public void Set_overrides_apply_to_every_trial()
    {
        var plan = GridLoader.Load(TestGrid("good.yaml"), ["episodes=2", "network.activation=relu"]);

        Assert.All(plan.Trials, t => Assert.Equal((2, Activation.Relu), (t.Config.Episodes, t.Config.Network.Activation)));
    }

    [Fact]
    public void A_set_that_makes_two_variants_identical_is_refused()
    {
        var ex = GridFails(TestGrid("good.yaml"), "network.hidden=[4]");

        At(Assert.Single(ex.Errors), "good.yaml", 9, 1, "grid",
            "'variant=plain batch_size=16 epsilon.min=0.0001' and 'variant=wide batch_size=16 epsilon.min=0.0001' resolve to the same config");
    }

    [Fact]
    public void A_grid_of_more_than_ten_thousand_trials_needs_permission()
    {
        var ex = Assert.Throws<ConfigException>(() => GridLoader.Load(TestGrid("too-many-trials.yaml")));

        At(Assert.Single(ex.Errors), "too-many-trials.yaml", 5, 1, "grid",
            "11,000 trials (10 batch_size × 10 learning_starts × 11 gradient_steps × 10 seeds) is more than 10,000; pass --yes");

        Assert.Equal(11_000, GridLoader.Load(TestGrid("too-many-trials.yaml"), allowHuge: true).Trials.Count);
    }

    [Fact]
    public void A_missing_grid_file_is_named()
    {
        var ex = GridFails(TestGrid("nowhere.yaml"));

        Assert.Equal(TestGrid("nowhere.yaml") + ": file not found", ex.Message);
    }

    [Fact]
    public void An_unknown_axis_key_suggests_the_nearest_config_key()
    {
        var ex = GridFails(TestGrid("unknown-axis.yaml"));

        At(Assert.Single(ex.Errors), "unknown-axis.yaml", 4, 3, "batchsize", "unknown config key in grid; did you mean 'batch_size'?");
    }

    [Fact]
    public void An_empty_axis_is_refused()
    {
        var ex = GridFails(TestGrid("empty-axis.yaml"));

        At(Assert.Single(ex.Errors), "empty-axis.yaml", 4, 15, "batch_size", "the axis is empty");
    }

    [Fact]
    public void A_bad_axis_value_is_reported_once_at_the_value()
    {
        var ex = GridFails(TestGrid("bad-axis-value.yaml"));

        var error = Assert.Single(ex.Errors);
        At(error, "bad-axis-value.yaml", 4, 16, "gamma", "1.5 is outside [0, 1]");
        Assert.DoesNotContain("(in ", error.Message);
    }

    [Fact]
    public void An_axis_value_that_breaks_only_some_cells_names_the_cell()
    {
        var ex = GridFails(TestGrid("axis-breaks-pair.yaml"));

        At(Assert.Single(ex.Errors), "axis-breaks-pair.yaml", 6, 20, "batch_size",
            "64 is larger than memory (32); the replay memory must hold at least one batch (in memory=32 batch_size=64)");
    }

    [Fact]
    public void Duplicate_variant_names_are_refused()
    {
        var ex = GridFails(TestGrid("duplicate-variants.yaml"));

        At(Assert.Single(ex.Errors), "duplicate-variants.yaml", 6, 12, "name", "duplicate variant name 'a' (first at line 4)");
    }

    [Fact]
    public void An_unknown_grid_key_suggests_the_nearest_grid_key()
    {
        var ex = GridFails(TestGrid("unknown-grid-key.yaml"));

        At(Assert.Single(ex.Errors), "unknown-grid-key.yaml", 3, 1, "grids", "unknown grid key; did you mean 'grid'?");
    }

    [Theory]
    [InlineData("dqn2.yaml")]     // base and name are grid keys too, but max_steps, episodes, ... are not
    [InlineData("cleanrl.yaml")]
    public void A_train_config_given_as_a_grid_gets_one_error_that_says_so(string preset)
    {
        var path = Preset(preset);

        var ex = GridFails(path);

        var error = Assert.Single(ex.Errors);
        var name = Path.GetFileNameWithoutExtension(preset);
        // A grid beside the presets folder (experiments/, where the grids are) names the preset relative to itself.
        Assert.Equal(
            $"{path} is a train config, not a grid: run it with `./runner train {path}`, " +
            $"sweep it from the command line (`./runner sweep {path} --seeds 5` or `... batch_size=64,512`), " +
            $"or write a grid such as {RepoPaths.Of("experiments", name + "-grid.yaml")} with `base: presets/{preset}` " +
            "and `seeds:`/`grid:` (see docs/CONFIG.md)", ex.Message);
        Assert.Equal((path, 0, ""), (error.Source, error.Line, error.Key));
    }

    [Fact]
    public void The_hint_for_a_train_config_outside_presets_bases_the_grid_beside_it()
    {
        using var temp = new TempDirectory();
        var path = temp.File("mine/x.yaml", "episodes: 5\n");

        var ex = GridFails(path);

        Assert.Contains($"a grid such as {Path.Combine(temp.Path, "mine", "x-grid.yaml")} with `base: x.yaml`", ex.Message);
    }

    [Fact]
    public void A_train_config_swept_from_the_command_line_is_the_base_of_a_grid_of_those_seeds_and_axes()
    {
        var plan = GridLoader.Load(Preset("dqn2.yaml"), ["episodes=5"], commandLineAxes: ["batch_size=64,512"], commandLineSeeds: "2");

        Assert.Equal("dqn2", plan.Name);
        Assert.Equal(["batch_size=64", "batch_size=64", "batch_size=512", "batch_size=512"], plan.Trials.Select(t => t.Trial.ConfigLabel));
        Assert.Equal([1L, 2, 1, 2], plan.Trials.Select(t => t.Trial.Seed));
        Assert.All(plan.Trials, t => Assert.Equal((5, 1000, 0.01), (t.Config.Episodes!.Value, t.Config.MaxSteps!.Value, t.Config.Epsilon.Min)));
    }

    [Fact]
    public void A_file_with_a_grid_key_is_a_grid_even_with_config_keys_at_the_top()
    {
        using var temp = new TempDirectory();
        var path = temp.File("mixed.yaml", "seeds: 2\nepisodes: 5\n");

        var ex = GridFails(path);

        At(Assert.Single(ex.Errors), "mixed.yaml", 2, 1, "episodes", "not a grid key");
    }

    [Fact]
    public void A_list_valued_axis_needs_a_list_of_lists()
    {
        var ex = GridFails(TestGrid("hidden-axis-flat.yaml"));

        At(Assert.Single(ex.Errors), "hidden-axis-flat.yaml", 4, 20, "network.hidden", "write [[64, 64], [256, 256]]");
    }

    [Fact]
    public void Two_cells_that_resolve_to_the_same_config_are_refused()
    {
        var ex = GridFails(TestGrid("same-config-twice.yaml"));

        Assert.Contains("'target_update=episode' and 'target_update={mode: episode}' resolve to the same config", ex.Message);
    }

    [Fact]
    public void A_set_on_an_axis_key_is_refused()
    {
        var ex = GridFails(TestGrid("counted-seeds.yaml"), "gamma=0.5");

        At(Assert.Single(ex.Errors), "--set", 0, 0, "gamma", "'gamma' is an axis of this grid (line 7)");
    }

    [Fact]
    public void Config_keys_at_the_top_of_a_grid_say_where_they_belong()
    {
        using var temp = new TempDirectory();
        var path = temp.File("g.yaml", "name: g\nconfig: {episodes: 5}\ngamma: 0.9\nvariants:\n  - {name: a, batch_size: 32}\n");

        var ex = GridFails(path);

        Assert.Equal(2, ex.Errors.Count);
        At(ex.Errors[0], "g.yaml", 3, 1, "gamma", "config keys go under 'set:'");
        At(ex.Errors[1], "g.yaml", 5, 15, "batch_size", "config keys of a variant go under 'set:'");
    }

    [Fact]
    public void Problems_in_a_grid_and_its_base_are_reported_together()
    {
        using var temp = new TempDirectory();
        temp.File("base.yaml", "episodes: 5\ngamma: 2\n");
        var path = temp.File("g.yaml", "name: g\nbase: base.yaml\nseeds: [1, 1]\ngrid:\n  batch_size: [16, abc]\n");

        var ex = GridFails(path);

        Assert.Equal(3, ex.Errors.Count);
        At(ex.Errors[0], "g.yaml", 3, 12, "seeds", "seed 1 is given twice");
        At(ex.Errors[1], "g.yaml", 5, 20, "batch_size", "expected an integer, got 'abc'");
        At(ex.Errors[2], "base.yaml", 2, 8, "gamma", "2 is outside [0, 1]");
    }
}

/// <summary>Seeds and axes from the command line (<c>--seeds</c>, <c>--axis</c>, Hydra's <c>key=v1,v2</c>).</summary>
public sealed class CommandLineGridTests
{
    [Fact]
    public void An_axis_of_a_key_the_grid_varies_gets_the_new_values_in_its_place()
    {
        var plan = GridLoader.Load(TestGrid("good.yaml"), commandLineAxes: ["batch_size=8,16,64"]);

        Assert.Equal(2 * 3 * 2 * 3, plan.Trials.Count);
        Assert.Equal(["variant=plain batch_size=8 epsilon.min=0.0001", "variant=plain batch_size=8 epsilon.min=0.01",
            "variant=plain batch_size=16 epsilon.min=0.0001"], plan.Trials.Select(t => t.Trial.ConfigLabel).Distinct().Take(3));
    }

    [Fact]
    public void A_new_axis_comes_after_the_grids_and_a_list_valued_key_splits_only_between_lists()
    {
        var plan = GridLoader.Load(TestGrid("good.yaml"), commandLineAxes: ["gamma=0.5,0.7"], commandLineSeeds: "1");

        Assert.Equal(2 * 2 * 2 * 2, plan.Trials.Count);
        Assert.Equal("variant=plain batch_size=16 epsilon.min=0.0001 gamma=0.5", plan.Trials[0].Trial.ConfigLabel);
        Assert.Equal(0.7, plan.Trials[1].Config.Gamma);

        var lists = GridLoader.Load(TestGrid("single-cell.yaml"), commandLineAxes: ["network.hidden=[8,8],[16]"]);
        Assert.Equal([[8, 8], [8, 8], [16], [16]], lists.Trials.Select(t => t.Config.Network.Hidden.ToArray()));
    }

    [Theory]
    [InlineData("3", new long[] { 1, 2, 3 })] // a count starts at the config's seed (1), not at the grid's count of 2
    [InlineData("4,2", new long[] { 4, 2 })]
    public void Seeds_from_the_command_line_replace_the_grids(string seeds, long[] expected)
    {
        var plan = GridLoader.Load(TestGrid("single-cell.yaml"), commandLineSeeds: seeds);

        Assert.Equal(expected, plan.Trials.Select(t => t.Trial.Seed));
    }

    [Fact]
    public void A_mistyped_axis_key_is_located_at_axis_and_suggests_the_full_key()
    {
        var ex = Assert.Throws<ConfigException>(() => GridLoader.Load(TestGrid("good.yaml"), commandLineAxes: ["optimizer.lr=1e-3,1e-4"]));

        var error = Assert.Single(ex.Errors);
        Assert.Equal(("--axis", "optimizer.lr"), (error.Source, error.Key));
        Assert.Contains("did you mean 'optimizer.learning_rate'", error.Message);
    }

    [Fact]
    public void Bad_seeds_from_the_command_line_are_located_at_seeds()
    {
        var ex = Assert.Throws<ConfigException>(() => GridLoader.Load(TestGrid("good.yaml"), commandLineSeeds: "0"));

        Assert.Equal("--seeds", Assert.Single(ex.Errors).Source);
    }
}
