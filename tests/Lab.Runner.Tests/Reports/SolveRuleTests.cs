using Lab.Agent;
using Lab.Runner.Reports;
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
        Assert.Equal(-110.0, SolveRule.Threshold("MountainCar-v0", null));
        Assert.Equal(-100.0, SolveRule.Threshold("Acrobot-v1", null));
        Assert.Null(SolveRule.Threshold("LunarLander-v3", null));
        Assert.Null(SolveRule.Threshold(null, 500));
    }

    [Fact]
    public void A_lower_cap_scales_the_threshold_and_a_higher_cap_keeps_it()
    {
        Assert.Equal(190.0, SolveRule.Threshold("CartPole-v1", 200));
        Assert.Equal(475.0, SolveRule.Threshold("CartPole-v1", 10_000));
        Assert.Equal(97.5, SolveRule.Threshold("CartPole-v0", 100));
        // −1 per step until the goal: a lower cap does not lower the best possible return, the bar stays.
        Assert.Equal(-100.0, SolveRule.Threshold("Acrobot-v1", 200));
        Assert.Equal(-110.0, SolveRule.Threshold("MountainCar-v0", 150));
    }

    /// <summary>Episodes numbered as the trainer numbers them (0, 1, ...), each of the given return and 10 env steps.</summary>
    private static List<EpisodeRecord> Episodes(params double[] returns) =>
        [.. returns.Select((r, i) => new EpisodeRecord(i, (i + 1) * 10L, r, r, 10, true, 0.05, 0, 0, 0, 0, 0, 0))];

    [Fact]
    public void Solving_in_training_needs_a_full_window_of_one_hundred_episodes()
    {
        var perfect = Episodes([.. Enumerable.Repeat(500.0, 99)]);
        Assert.Null(SolveRule.FirstSolved(perfect, 475));

        perfect = Episodes([.. Enumerable.Repeat(500.0, 100)]);
        Assert.Equal(new SolvePoint(100, 1000), SolveRule.FirstSolved(perfect, 475));
    }

    [Fact]
    public void The_first_solving_episode_is_where_the_mean_of_the_last_hundred_returns_first_reaches_the_threshold()
    {
        // 100 episodes of 400, then 500s: the window mean is 400 + k, reaching 475 with k = 75 episodes of 500.
        var episodes = Episodes([.. Enumerable.Range(1, 200).Select(n => n <= 100 ? 400.0 : 500.0)]);

        var first = SolveRule.FirstSolved(episodes, 475);

        Assert.Equal(175, first?.Episodes);
        Assert.Equal(1750, first?.EnvSteps);
        Assert.Equal(174, episodes[first!.Episodes - 1].Episode); // the 175th episode has index 174
    }
}
