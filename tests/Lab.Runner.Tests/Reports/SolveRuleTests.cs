using Lab.Runner.Reports;
using Lab.Runner.Store;
using Xunit;

namespace Lab.Runner.Tests.Reports;

public sealed class SolveRuleTests
{
    [Fact]
    public void CartPole_v0_is_solved_at_195_and_v1_at_475_and_other_envs_have_no_threshold()
    {
        Assert.Equal(195.0, SolveRule.Threshold("CartPole-v0", null));
        Assert.Equal(475.0, SolveRule.Threshold("CartPole-v1", null));
        Assert.Equal(475.0, SolveRule.Threshold("cartpole-v1", 0));
        Assert.Null(SolveRule.Threshold("MountainCar-v0", null));
        Assert.Null(SolveRule.Threshold(null, 500));
    }

    [Fact]
    public void A_lower_cap_scales_the_threshold_and_a_higher_cap_keeps_it()
    {
        Assert.Equal(190.0, SolveRule.Threshold("CartPole-v1", 200));
        Assert.Equal(475.0, SolveRule.Threshold("CartPole-v1", 10_000));
        Assert.Equal(97.5, SolveRule.Threshold("CartPole-v0", 100));
    }

    [Fact]
    public void Solving_in_training_needs_a_full_window_of_one_hundred_episodes()
    {
        var perfect = Enumerable.Range(1, 99).Select(i => new EpisodeRow(i, i * 500L, 500)).ToList();
        Assert.Null(SolveRule.FirstSolvedEpisode(perfect, 475));

        perfect.Add(new EpisodeRow(100, 50_000, 500));
        Assert.Equal(100, SolveRule.FirstSolvedEpisode(perfect, 475)?.Episode);
    }

    [Fact]
    public void The_first_solving_episode_is_where_the_mean_of_the_last_hundred_returns_first_reaches_the_threshold()
    {
        // 100 episodes of 400, then 500s: the window mean is 400 + k, reaching 475 with k = 75 episodes of 500.
        var episodes = Enumerable.Range(1, 200).Select(i => new EpisodeRow(i, i * 10L, i <= 100 ? 400 : 500)).ToList();

        var first = SolveRule.FirstSolvedEpisode(episodes, 475);

        Assert.Equal(175, first?.Episode);
        Assert.Equal(1750, first?.EnvSteps);
    }
}
