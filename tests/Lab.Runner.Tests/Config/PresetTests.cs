using Lab.Agent;
using Lab.Runner.Config;
using Xunit;
using static Lab.Runner.Tests.Config.ConfigFixtures;
using Lab.Neural;

namespace Lab.Runner.Tests.Config;

/// <summary>experiments/presets and experiments/*.yaml: they load, validate and say what the notebooks say.</summary>
public sealed class PresetTests
{
    public static TheoryData<string> PresetFiles() => new(Presets.Select(Path.GetFileName)!);

    public static TheoryData<string> GridFiles() => new(Grids.Select(Path.GetFileName)!);

    [Fact]
    public void Every_notebook_and_reference_project_has_a_preset()
    {
        Assert.Equal(
            ["cleanrl-acrobot.yaml", "cleanrl-mountaincar.yaml", "cleanrl.yaml", "dqn-target.yaml", "dqn1.yaml", "dqn2.yaml", "keras-100-100.yaml", "keras-24-24.yaml",
             "naive.yaml", "quick-v0.yaml", "sb3-zoo-acrobot.yaml", "sb3-zoo-mountaincar.yaml", "sb3-zoo.yaml", "tensorflow-dqn.yaml", "v1-50k-best.yaml", "v1-50k.yaml"],
            Presets.Select(Path.GetFileName));
    }

    [Theory]
    [MemberData(nameof(PresetFiles))]
    public void Every_preset_loads_validates_and_opens_with_a_comment_saying_what_it_reproduces(string preset)
    {
        var config = ConfigLoader.Load(Preset(preset));

        Assert.Equal(Path.GetFileNameWithoutExtension(preset), config.Name);
        Assert.StartsWith("#", File.ReadAllText(Preset(preset)));
        Assert.Contains("differ", File.ReadAllText(Preset(preset)));
    }

    [Theory]
    [MemberData(nameof(GridFiles))]
    public void Every_experiment_grid_loads_and_validates_with_a_question_and_several_seeds(string grid)
    {
        var plan = GridLoader.Load(Experiment(grid));

        Assert.Equal(Path.GetFileNameWithoutExtension(grid), plan.Name);
        Assert.Contains("?", plan.Question);
        Assert.True(ConfigLabels(plan).Count >= 2, $"{grid} compares {ConfigLabels(plan).Count} configs");
        Assert.True(plan.Trials.Count / ConfigLabels(plan).Count >= 5, $"{grid} has fewer than 5 seeds per config");
        Assert.All(plan.Trials, t => Assert.Equal(plan.Name, t.Config.Name));
        Assert.StartsWith("#", plan.SourceText);
    }

    [Fact]
    public void Dqn1_is_notebook_000s_first_agent()
    {
        var c = ConfigLoader.Load(Preset("dqn1.yaml"));

        Assert.Equal(("CartPole-v1", 10_000, 500), (c.Env.Name, c.MaxSteps, c.Episodes));
        Assert.Equal([32, 16, 8, 4], c.Network.Hidden);
        Assert.Equal((Activation.Relu, OptimizerKind.Adam, 1e-3, 0.99), (c.Network.Activation, c.Optimizer.Name, c.Optimizer.LearningRate, c.Gamma));
        Assert.Equal((2000, 64, 1), (c.Memory, c.BatchSize, c.TrainEvery));
        Assert.Equal((EpsilonScheduleKind.Multiplicative, 1.0, 0.999, 0.0001), (c.Epsilon.Schedule, c.Epsilon.Start, c.Epsilon.Decay, c.Epsilon.Min));
        Assert.Equal((-100.0, true, TargetUpdateMode.Episode, true), (c.FailureReward, c.DoubleDqn, c.TargetUpdate.Mode, c.TimeoutsAsTerminal));
    }

    [Fact]
    public void Dqn2_is_dqn1_with_the_notebooks_tweaks()
    {
        var dqn1 = ConfigLoader.Load(Preset("dqn1.yaml"));
        var c = ConfigLoader.Load(Preset("dqn2.yaml"));

        Assert.Equal((512, 10_000, 0.01, 1000, 3, 10_000),
            (c.BatchSize, c.Memory, c.Epsilon.Min, c.MaxSteps, c.Stop.ConsecutiveCaps, c.Episodes));
        Assert.Equal(dqn1 with
        {
            Name = "dqn2", BatchSize = 512, Memory = 10_000, MaxSteps = 1000, Episodes = 10_000, LearningStarts = 513,
            Epsilon = dqn1.Epsilon with { Min = 0.01 }, Stop = new StopConfig { ConsecutiveCaps = 3 },
        }, c);
    }

    [Fact]
    public void The_other_notebook_presets_carry_their_notebooks_hyperparameters()
    {
        var tf = ConfigLoader.Load(Preset("tensorflow-dqn.yaml"));
        Assert.Equal(("CartPole-v0", OptimizerKind.RmsProp, 1e-4, 0.9, 30_000, 32, 0.1, EpsilonScheduleKind.Constant, 0.0, TargetUpdateMode.None),
            (tf.Env.Name, tf.Optimizer.Name, tf.Optimizer.LearningRate, tf.Gamma, tf.Memory, tf.BatchSize, tf.Epsilon.Start,
             tf.Epsilon.Schedule, tf.FailureReward, tf.TargetUpdate.Mode));

        var k24 = ConfigLoader.Load(Preset("keras-24-24.yaml"));
        Assert.Equal([24, 24], k24.Network.Hidden);
        Assert.Equal((0.95, 0.01, 0, 32), (k24.Gamma, k24.Epsilon.Min, k24.TrainEvery, k24.GradientSteps));
        Assert.Equal(Math.Pow(0.995, 32), k24.Epsilon.Decay, 12);

        var k100 = ConfigLoader.Load(Preset("keras-100-100.yaml"));
        Assert.Equal([100, 100], k100.Network.Hidden);
        Assert.Equal((OptimizerKind.Sgd, 200, 20, 0.1), (k100.Optimizer.Name, k100.Memory, k100.BatchSize, k100.Epsilon.Start));

        var naive = ConfigLoader.Load(Preset("naive.yaml"));
        var dqn = ConfigLoader.Load(Preset("dqn-target.yaml"));
        Assert.Equal((TargetUpdateMode.None, 32, 1.0, EpsilonScheduleKind.Linear, 0.001), (naive.TargetUpdate.Mode, naive.Memory, naive.Gamma, naive.Epsilon.Schedule, naive.Epsilon.Min));
        Assert.Equal(1998, naive.Epsilon.DecaySteps);
        Assert.Equal((TargetUpdateMode.Steps, 1000, 50_000, 2000), (dqn.TargetUpdate.Mode, dqn.TargetUpdate.Every, dqn.Memory, dqn.LearningStarts));
    }

    [Fact]
    public void The_reference_project_presets_carry_their_published_defaults()
    {
        var clean = ConfigLoader.Load(Preset("cleanrl.yaml"));
        Assert.Equal((500_000L, 2.5e-4, 10_000, 128, 10, 10_000, 500, 250_000L, 0.05, LossKind.Mse, false),
            (clean.TotalSteps, clean.Optimizer.LearningRate, clean.Memory, clean.BatchSize, clean.TrainEvery,
             clean.LearningStarts, clean.TargetUpdate.Every, clean.Epsilon.DecaySteps, clean.Epsilon.Min, clean.Loss,
             clean.TimeoutsAsTerminal));
        Assert.Equal([120, 84], clean.Network.Hidden);

        var zoo = ConfigLoader.Load(Preset("sb3-zoo.yaml"));
        Assert.Equal((50_000L, 2.3e-3, 64, 100_000, 1000, 256, 128, 10, 8000L, 0.04, LossKind.Huber, 10.0, 1e-8),
            (zoo.TotalSteps, zoo.Optimizer.LearningRate, zoo.BatchSize, zoo.Memory, zoo.LearningStarts, zoo.TrainEvery,
             zoo.GradientSteps, zoo.TargetUpdate.Every, zoo.Epsilon.DecaySteps, zoo.Epsilon.Min, zoo.Loss,
             zoo.Optimizer.ClipNorm, zoo.Optimizer.Epsilon));
        Assert.Equal([256, 256], zoo.Network.Hidden);
    }

    [Fact]
    public void The_default_sweep_stays_small_enough_for_make_run()
    {
        var plan = GridLoader.Load(Experiment("batch-size.yaml"));

        Assert.Equal(20, plan.Trials.Count);
        Assert.Equal(["batch_size=64", "batch_size=512"], ConfigLabels(plan));
        // At most episodes × cap env steps (one update each) per trial. The trainer runs at least 7,000
        // steps/s with batch-512 updates on one core (docs/BENCHMARKS.md), so 3M keeps even the worst
        // case (every episode capped) under 4 minutes on 2 cores, well inside make run's 10.
        var worstCaseUpdates = plan.Trials.Sum(t => (long)t.Config.Episodes!.Value * t.Config.MaxSteps!.Value);
        Assert.True(worstCaseUpdates <= 3_000_000, $"{worstCaseUpdates} updates in the worst case");
    }

    [Fact]
    public void Dqn1_vs_dqn2_gives_each_variant_its_own_preset()
    {
        var plan = GridLoader.Load(Experiment("dqn1-vs-dqn2.yaml"));

        var dqn1 = plan.Trials.First(t => t.Trial.ConfigLabel == "variant=dqn1").Config;
        var dqn2 = plan.Trials.First(t => t.Trial.ConfigLabel == "variant=dqn2").Config;
        Assert.Equal((64, 512), (dqn1.BatchSize, dqn2.BatchSize));
        Assert.Equal((100_000L, 100_000L), (dqn1.TotalSteps, dqn2.TotalSteps));
        Assert.Equal(("dqn1", "dqn2"), (plan.Trials[0].Trial.Params["variant"], plan.Trials[^1].Trial.Params["variant"]));
    }
}
