namespace Lab.Agent.Tests;

/// <summary>
/// The ε column of the episode records. A record's ε is the one used for the episode's last action,
/// drawn before that step's update round, so it is checked against the count at that step.
/// </summary>
public sealed class ExplorationTests
{
    [Fact]
    public void Multiplicative_epsilon_with_train_every_0_is_max_min_and_decay_to_the_rounds_before_the_episode()
    {
        // One update round at the end of each episode: the whole of episode k acts with
        // ε = max(min, start · decay^(rounds after episode k-1)).
        var config = Configs.MultiplicativeEpsilon(Configs.Tiny(), start: 0.8, min: 0.3, decay: 0.9) with
        {
            TrainEvery = 0, LearningStarts = 16, BatchSize = 16, Episodes = 20,
        };
        var records = TrialRun.Of(config).Episodes;

        long roundsBefore = 0;
        foreach (var r in records)
        {
            Assert.Equal(Math.Max(0.3, 0.8 * Math.Pow(0.9, roundsBefore)), r.Epsilon, 12);
            roundsBefore = r.Updates;
        }

        Assert.Contains(records, r => r.Epsilon == 0.3);
        Assert.Contains(records, r => r.Epsilon < 0.8 && r.Epsilon > 0.3);
    }

    [Fact]
    public void Multiplicative_epsilon_counts_update_rounds_not_env_steps()
    {
        // train_every 1 from step 100: no rounds (ε = start exactly) for the first ~100 steps, then one
        // round per step; the episode's last action saw every round but its own.
        var config = Configs.MultiplicativeEpsilon(Configs.Tiny(), start: 1.0, min: 0.05, decay: 0.99) with
        {
            LearningStarts = 100, Episodes = 15,
        };
        var records = TrialRun.Of(config).Episodes;

        Assert.Contains(records, r => r.Updates == 0 && r.EnvSteps > 20);
        Assert.Contains(records, r => r.Updates > 50);
        foreach (var r in records)
        {
            var roundsBeforeLastAction = r.Updates > 0 ? r.Updates - 1 : 0;
            Assert.Equal(Math.Max(0.05, Math.Pow(0.99, roundsBeforeLastAction)), r.Epsilon, 12);
        }
    }

    [Fact]
    public void Linear_epsilon_stays_at_start_until_decay_start_env_steps_then_falls_by_the_slope()
    {
        // No update rounds at all (learning_starts beyond the run): linear ε runs on env steps alone.
        // ε(t) = max(min, start + (min − start)/decay_steps · max(0, t − decay_start)), t the env steps
        // before the episode's last action.
        const double start = 1.0, min = 0.1;
        const long steps = 150, decayStart = 100;
        var config = Configs.LinearEpsilon(Configs.Tiny(), start, min, steps, decayStart) with
        {
            LearningStarts = 100_000, Episodes = 25,
        };
        var records = TrialRun.Of(config).Episodes;

        foreach (var r in records)
        {
            var t = r.EnvSteps - 1;
            var expected = Math.Max(min, start + (min - start) / steps * Math.Max(0, t - decayStart));
            Assert.Equal(expected, r.Epsilon, 12);
            if (t <= decayStart) Assert.Equal(start, r.Epsilon);
        }

        Assert.Contains(records, r => r.EnvSteps > 30 && r.EnvSteps - 1 <= decayStart);
        Assert.Contains(records, r => r.Epsilon < start && r.Epsilon > min);
        Assert.Contains(records, r => r.Epsilon == min);
        Assert.All(records, r => Assert.Equal(0, r.Updates));
    }

    [Fact]
    public void Constant_epsilon_is_the_same_in_every_episode()
    {
        var records = TrialRun.Of(Configs.ConstantEpsilon(Configs.Tiny(), 0.37)).Episodes;
        Assert.All(records, r => Assert.Equal(0.37, r.Epsilon));
    }
}
