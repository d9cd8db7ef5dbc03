namespace Lab.Agent.Tests;

/// <summary>
/// What the sink hears and when, and the only non-deterministic columns (unix_time_ms,
/// steps_per_second), which come from the trainer's TimeProvider: a test clock pins them.
/// </summary>
public sealed class SinkAndClockTests
{
    private static readonly DateTimeOffset Noon = new(2024, 5, 17, 12, 30, 0, 250, TimeSpan.Zero);

    [Fact]
    public void The_sink_hears_OnStarted_once_before_any_episode_or_evaluation()
    {
        // RecordingSink fails an episode or evaluation that comes before OnStarted or a second OnStarted.
        var run = TrialRun.Of(Configs.WithEvaluation(Configs.Tiny(), 3, 2, 20));

        Assert.Equal(1, run.Started);
        Assert.Equal(12, run.Episodes.Count);
        Assert.Equal(4, run.Evaluations.Count);
    }

    [Fact]
    public void Episodes_and_evaluations_are_stamped_with_the_clocks_wall_time()
    {
        var run = TrialRun.Of(Configs.WithEvaluation(Configs.Tiny(), 5, 2, 20), clock: new SteppingClock(Noon, 250));

        Assert.All(run.Episodes, r => Assert.Equal(1_715_949_000_250, r.UnixTimeMs));
        Assert.Equal(3, run.Evaluations.Count);
        Assert.All(run.Evaluations, e => Assert.Equal(1_715_949_000_250, e.UnixTimeMs));
    }

    [Fact]
    public void Steps_per_second_is_the_length_over_the_clocks_time_from_reset_to_the_episodes_end()
    {
        // The trainer reads the timestamp twice an episode (at reset, at the end): 250 ms apart here.
        var run = TrialRun.Of(Configs.Tiny(), clock: new SteppingClock(Noon, 250));

        Assert.All(run.Episodes, r => Assert.Equal(r.Length / 0.25, r.StepsPerSecond));
    }

    [Fact]
    public void An_episode_that_took_no_measurable_time_has_0_steps_per_second_not_infinity()
    {
        var run = TrialRun.Of(Configs.Tiny(), clock: new SteppingClock(Noon, 0));

        Assert.All(run.Episodes, r => Assert.Equal(0, r.StepsPerSecond));
    }
}
