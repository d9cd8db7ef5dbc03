using Lab.Agent;
using Lab.Runner.Config;
using Lab.Runner.Tests.Support;
using Xunit;
using static Lab.Runner.Tests.Config.ConfigFixtures;

namespace Lab.Runner.Tests.Config;

/// <summary>evaluation.every_steps, keep_best and final_episodes: read, range-checked, and written only when set.</summary>
public sealed class EvaluationKeysTests
{
    [Fact]
    public void The_evaluation_section_sets_every_steps_keep_best_and_final_episodes()
    {
        using var temp = new TempDirectory();
        var path = temp.File("e.yaml", "evaluation: {every_steps: 5000, episodes: 10, keep_best: true, final_episodes: 100}\n");

        var evaluation = ConfigLoader.Load(path, []).Evaluation;

        Assert.Equal((5000L, 10, true, (int?)100), (evaluation.EverySteps, evaluation.Episodes, evaluation.KeepBest, evaluation.FinalEpisodes));
    }

    [Fact]
    public void By_default_no_step_evaluation_no_best_checkpoint_and_the_final_evaluation_is_as_large_as_the_others()
    {
        var evaluation = new TrainConfig().Evaluation;
        Assert.Equal((0L, false, (int?)null), (evaluation.EverySteps, evaluation.KeepBest, evaluation.FinalEpisodes));
    }

    [Fact]
    public void Left_at_their_defaults_the_new_keys_are_not_written_so_trial_ids_stay_as_they_were()
    {
        var yaml = ConfigWriter.ToYaml(new TrainConfig());
        Assert.DoesNotContain("every_steps", yaml);
        Assert.DoesNotContain("keep_best", yaml);
        Assert.DoesNotContain("final_episodes", yaml);
        Assert.DoesNotContain("evaluation.keep_best", ConfigParams.Flatten(new TrainConfig()).Keys);
    }

    [Fact]
    public void Set_the_new_keys_are_written_and_load_back_to_the_same_config()
    {
        using var temp = new TempDirectory();
        var config = new TrainConfig { Evaluation = new EvaluationConfig { EverySteps = 2500, KeepBest = true, FinalEpisodes = 100 } };
        var yaml = ConfigWriter.ToYaml(config);

        Assert.Contains("  every_steps: 2500\n", yaml);
        Assert.Contains("  keep_best: true\n", yaml);
        Assert.Contains("  final_episodes: 100\n", yaml);
        Assert.Equal(config, ConfigLoader.Load(temp.File("c.yaml", yaml), []));
        Assert.Equal("true", ConfigParams.Flatten(config)["evaluation.keep_best"]);
    }

    [Fact]
    public void A_negative_every_steps_and_a_final_episodes_of_0_are_refused_at_their_lines()
    {
        using var temp = new TempDirectory();
        var path = temp.File("e.yaml", "evaluation:\n  every_steps: -1\n  final_episodes: 0\n");

        var errors = LoadFails(path).Errors;

        Assert.Equal(2, errors.Count);
        At(errors[0], "e.yaml", 2, 16, "evaluation.every_steps", "-1");
        At(errors[1], "e.yaml", 3, 19, "evaluation.final_episodes", "0");
    }
}
