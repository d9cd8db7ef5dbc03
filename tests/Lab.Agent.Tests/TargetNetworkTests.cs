using Lab.Neural;

namespace Lab.Agent.Tests;

/// <summary>target_update: mode none / episode / steps, `every`, and tau (hard copy or Polyak step).</summary>
public sealed class TargetNetworkTests
{
    [Fact]
    public void Mode_none_bootstraps_from_the_online_network_itself_and_never_syncs()
    {
        var noTargetNetwork = false;
        var syncs = 0;
        var probe = new TrainerProbe
        {
            Built = (_, target, _) => noTargetNetwork = target is null,
            Syncing = _ => syncs++,
        };
        var run = TrialRun.Of(Configs.NoTarget(Configs.Tiny()), probe);

        Assert.True(noTargetNetwork);
        Assert.Equal(0, syncs);
        Assert.True(run.Episodes[^1].Updates > 0);
    }

    [Theory]
    [InlineData(TargetUpdateMode.Episode)]
    [InlineData(TargetUpdateMode.Steps)]
    public void The_target_network_starts_as_a_copy_of_the_online_one_and_holds_no_optimizer_state(TargetUpdateMode mode)
    {
        QNetwork? online = null, target = null;
        float[]? initialTarget = null;
        var probe = new TrainerProbe
        {
            Built = (o, t, _) =>
            {
                (online, target) = (o, t);
                initialTarget = t!.Parameters.ToArray();
            },
        };
        var config = Configs.Tiny();
        TrialRun.Of(config with { Episodes = 1, TargetUpdate = config.TargetUpdate with { Mode = mode } }, probe);

        Assert.NotSame(online, target);
        Assert.Equal(new NetworkShape(4, [8], 2, Activation.Relu), target!.Shape);
        Assert.Equal(InitialOnline(config), initialTarget);
        Assert.NotNull(online!.Optimizer);
        Assert.Null(target.Optimizer);
    }

    /// <summary>The online network before training: drawn from the seed's "init" stream.</summary>
    private static float[] InitialOnline(TrainConfig config) =>
        new QNetwork(new NetworkShape(4, [8], 2, Activation.Relu), 1, WeightInit.GlorotUniform, unchecked((ulong)config.Seed), null,
            LossKind.Mse).Parameters;

    [Fact]
    public void Mode_episode_copies_the_online_network_at_the_end_of_every_episode()
    {
        QNetwork? online = null;
        QNetwork? target = null;
        var syncSteps = new List<long>();
        var probe = new TrainerProbe
        {
            Built = (o, t, _) => (online, target) = (o, t),
            Synced = steps =>
            {
                syncSteps.Add(steps);
                Assert.Equal(online!.Parameters, ((QNetwork)target!).Parameters);
            },
        };
        var run = TrialRun.Of(Configs.TargetEachEpisode(Configs.Tiny()), probe);

        Assert.False(ReferenceEquals(online, target));
        Assert.Equal(run.Episodes.Select(r => r.EnvSteps), syncSteps);
    }

    [Theory]
    [InlineData(25)]
    [InlineData(60)]
    public void Mode_steps_syncs_at_every_multiple_of_every_env_steps_and_the_target_stays_put_in_between(int every)
    {
        QNetwork? online = null, target = null;
        float[]? frozen = null;
        var syncSteps = new List<long>();
        var checkedSteps = 0;
        var probe = new TrainerProbe
        {
            Built = (o, t, _) =>
            {
                (online, target) = (o, t);
                frozen = target!.Parameters.ToArray();
                Assert.Equal(online.Parameters, frozen);
            },
            TrainStepping = (_, _, _, _, _, _, _) =>
            {
                Assert.Equal(frozen, target!.Parameters);
                checkedSteps++;
            },
            Synced = steps =>
            {
                syncSteps.Add(steps);
                Assert.Equal(online!.Parameters, target!.Parameters);
                frozen = target.Parameters.ToArray();
            },
        };
        var run = TrialRun.Of(Configs.TargetEverySteps(Configs.Tiny(), every), probe);

        var total = run.Result.EnvSteps;
        Assert.Equal(Enumerable.Range(1, (int)(total / every)).Select(k => (long)k * every), syncSteps);
        Assert.True(syncSteps.Count >= 2);
        Assert.True(checkedSteps > 0);
    }

    [Theory]
    [InlineData(0.25)]
    [InlineData(0.01)]
    public void A_tau_below_1_moves_the_target_one_Polyak_step_towards_the_online_network(double tau)
    {
        QNetwork? online = null, target = null;
        float[]? before = null, source = null;
        var syncs = 0;
        var probe = new TrainerProbe
        {
            Built = (o, t, _) => (online, target) = (o, t),
            Syncing = _ =>
            {
                before = target!.Parameters.ToArray();
                source = online!.Parameters.ToArray();
            },
            Synced = _ =>
            {
                syncs++;
                var t = (float)tau;
                var moved = 0;
                for (var i = 0; i < before!.Length; i++)
                {
                    // θ' ← τ·θ + (1 − τ)·θ'
                    var expected = (double)t * source![i] + (1 - (double)t) * before[i];
                    Assert.True(Math.Abs(target!.Parameters[i] - expected) <= 1e-7 + 1e-6 * Math.Abs(expected),
                        $"parameter {i}: target {target.Parameters[i]}, expected {expected} (θ {source[i]}, θ' {before[i]})");
                    if (Math.Abs(source[i] - before[i]) > 1e-4) moved++;
                }

                // A hard copy would land on θ; the step must leave most of the gap.
                if (moved > 0) Assert.NotEqual(source, target!.Parameters);
            },
        };
        var run = TrialRun.Of(Configs.TargetEachEpisode(Configs.Tiny(), tau), probe);

        Assert.Equal(run.Episodes.Count, syncs);
        Assert.NotEqual(online!.Parameters, target!.Parameters);
    }
}
