namespace Lab.Agent.Tests;

/// <summary>
/// total_steps, on episodes of exactly 4 steps: CartPole capped at 4 steps never falls that soon, so
/// every episode ends truncated at its 4th step and the step counts can be worked out by hand.
/// </summary>
public sealed class TotalStepsTests
{
    private static TrainConfig FourStepEpisodes(long totalSteps, int? episodes = null) =>
        Configs.Tiny() with { MaxSteps = 4, Episodes = episodes, TotalSteps = totalSteps };

    private static void AssertFourStepEpisodes(TrialRun run, int count)
    {
        Assert.Equal(count, run.Episodes.Count);
        Assert.All(run.Episodes, r => Assert.Equal((4, false), (r.Length, r.Terminated)));
        Assert.Equal(Enumerable.Range(1, count).Select(k => 4L * k), run.Episodes.Select(r => r.EnvSteps));
        Assert.Equal(count, run.Result.Episodes);
    }

    [Fact]
    public void Total_steps_a_multiple_of_the_episode_length_ends_training_with_the_episode_that_reaches_it()
    {
        var run = TrialRun.Of(FourStepEpisodes(12));

        AssertFourStepEpisodes(run, 3);
        Assert.Equal(12, run.Result.EnvSteps);
        Assert.Equal(TrialStatus.Finished, run.Result.Status);
    }

    [Fact]
    public void An_episode_cut_short_by_total_steps_is_not_recorded_but_its_steps_count()
    {
        var run = TrialRun.Of(FourStepEpisodes(14));

        AssertFourStepEpisodes(run, 3);
        Assert.Equal(14, run.Result.EnvSteps); // episodes of 4, 4, 4, and 2 steps of a fourth
        Assert.Equal(TrialStatus.Finished, run.Result.Status);
    }

    [Theory]
    [InlineData(10, 2)]   // total_steps comes first: 2 episodes and 2 steps of a third
    [InlineData(100, 5)]  // episodes comes first
    public void Training_ends_at_whichever_of_episodes_and_total_steps_comes_first(long totalSteps, int episodes)
    {
        var run = TrialRun.Of(FourStepEpisodes(totalSteps, episodes: 5));

        AssertFourStepEpisodes(run, episodes);
        Assert.Equal(Math.Min(totalSteps, 4 * 5), run.Result.EnvSteps);
    }

    [Theory]
    // total_steps 12: the third episode ends training, so its evaluation is the final one, once.
    [InlineData(12, new long[] { 4, 8, 12 }, new[] { 1, 2, 3 })]
    // total_steps 14: after the third episode training goes on, then the final evaluation after the cut.
    [InlineData(14, new long[] { 4, 8, 12, 14 }, new[] { 1, 2, 3, 3 })]
    public void Evaluations_every_episode_stop_at_total_steps_without_repeating_the_final_one(long totalSteps, long[] envSteps, int[] episodes)
    {
        var run = TrialRun.Of(Configs.WithEvaluation(FourStepEpisodes(totalSteps), 1, 2, 5));

        Assert.Equal(envSteps, run.Evaluations.Select(e => e.EnvSteps));
        Assert.Equal(episodes, run.Evaluations.Select(e => e.Episode));
        Assert.Same(run.Evaluations[^1], run.Result.FinalEvaluation);
    }
}
