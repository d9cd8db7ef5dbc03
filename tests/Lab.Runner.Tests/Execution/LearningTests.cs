using Lab.Agent;
using Lab.Runner.Config;
using Lab.Runner.Tests.Support;
using Xunit;

namespace Lab.Runner.Tests.Execution;

/// <summary>Training quality with a fixed seed: deterministic, and a margin no broken learner passes.</summary>
public sealed class LearningTests
{
    [Fact]
    public void The_quick_preset_solves_CartPole_v0_with_seed_1()
    {
        using var temp = new TempDirectory();
        var config = ConfigLoader.Load(RepoPaths.Of("experiments", "presets", "quick-v0.yaml")) with { Seed = 1 };

        var outcome = TrainerTests.Train(config, temp.Path);

        Assert.Equal(TrialStatus.Finished, outcome.Status);
        var evaluation = outcome.FinalEvaluation!;
        Assert.Equal(100, evaluation.Episodes);
        Assert.Equal(200, evaluation.MaxSteps);
        // A random policy scores about 22; solved means a greedy mean of at least 195 over 100 episodes.
        Assert.True(evaluation.Mean >= 195, $"greedy mean return {evaluation.Mean} over 100 episodes");
    }
}
