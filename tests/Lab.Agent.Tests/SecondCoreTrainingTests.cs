using Lab.Neural;

namespace Lab.Agent.Tests;

/// <summary>
/// A trial given two cores runs its updates on two threads (DqnUpdate.SecondCoreUseFor): every pass split
/// when its network is large enough, else the target network's pass beside; every number it reports is
/// the same as on one core.
/// </summary>
public sealed class SecondCoreTrainingTests
{
    /// <summary>The tiny trial with a 4-64-64-2 net at batch 1,024: 4,610 × 1,024 = 4.7 M multiply-adds a pass.</summary>
    private static TrainConfig Wide() => Configs.WithHidden(Configs.Tiny() with { BatchSize = 1024, LearningStarts = 1024, Episodes = 80 }, [64, 64]);

    [Fact]
    public void Given_two_cores_and_a_network_that_gains_when_training_then_the_updates_use_both_and_every_record_is_the_same()
    {
        SecondCore? helper = null;
        var probe = new TrainerProbe { Built = (online, target, _) => helper = online.Helper ?? throw new InvalidOperationException("no second core") };
        var two = TrialRun.Of(Wide(), probe, cores: 2);
        var one = TrialRun.Of(Wide(), cores: 1);

        Assert.NotNull(helper);
        Assert.True(helper!.Passes > 0);
        Assert.Contains(one.Episodes, e => e.Updates > 0);
        // Everything but the wall clock.
        Assert.Equal(one.Episodes.Select(e => e with { StepsPerSecond = 0, UnixTimeMs = 0 }), two.Episodes.Select(e => e with { StepsPerSecond = 0, UnixTimeMs = 0 }));
        Assert.Equal(one.Result.FinalEvaluation! with { UnixTimeMs = 0 }, two.Result.FinalEvaluation! with { UnixTimeMs = 0 });
        Assert.Equal(one.Result.Network.Parameters, two.Result.Network.Parameters);
        Assert.Null(two.Result.Network.Helper); // released with the trial: the caller saves and plays the network alone
    }

    [Fact]
    public void Given_two_cores_and_a_small_network_with_a_target_network_when_training_then_the_target_pass_runs_beside_and_every_record_is_the_same()
    {
        SecondCore? beside = null;
        var split = true;
        var steps = 0;
        var probe = new TrainerProbe
        {
            Built = (online, target, _) => split = online.Helper is not null || target!.Helper is not null,
            UpdateBuilt = update => beside = update.Beside,
            TrainStepped = _ => steps++,
        };
        var two = TrialRun.Of(Configs.Tiny(), probe, cores: 2);
        var one = TrialRun.Of(Configs.Tiny(), cores: 1);

        Assert.False(split);
        Assert.NotNull(beside);
        Assert.True(steps > 0);
        Assert.Equal(steps, beside!.Passes); // one pass beside each gradient step
        Assert.Equal(one.Episodes.Select(e => e with { StepsPerSecond = 0, UnixTimeMs = 0 }), two.Episodes.Select(e => e with { StepsPerSecond = 0, UnixTimeMs = 0 }));
        Assert.Equal(one.Result.Network.Parameters, two.Result.Network.Parameters);
    }

    [Fact]
    public void Given_two_cores_and_a_small_network_without_a_target_network_when_training_then_no_second_core_is_started()
    {
        var started = true;
        var probe = new TrainerProbe
        {
            Built = (online, _, _) => started = online.Helper is not null,
            UpdateBuilt = update => started |= update.Beside is not null,
        };
        TrialRun.Of(Configs.NoTarget(Configs.Tiny()), probe, cores: 2);
        Assert.False(started);
    }

    [Fact]
    public void Given_one_core_and_a_network_that_would_gain_when_training_then_no_second_core_is_started()
    {
        var started = true;
        var probe = new TrainerProbe
        {
            Built = (online, _, _) => started = online.Helper is not null,
            UpdateBuilt = update => started |= update.Beside is not null,
        };
        TrialRun.Of(Wide(), probe, cores: 1);
        Assert.False(started);
    }
}
