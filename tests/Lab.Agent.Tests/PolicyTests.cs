using Lab.Core;

namespace Lab.Agent.Tests;

/// <summary>The epsilon and target_update keys as the core's policies: which keys each mode reads.</summary>
public sealed class PolicyTests
{
    private static readonly EpsilonConfig Keys = new() { Start = 0.9, Min = 0.1, Decay = 0.99, DecaySteps = 1000, DecayStart = 2000 };

    [Fact]
    public void A_constant_schedule_reads_start_alone()
    {
        Assert.Equal(ExplorationPolicy.NewConstant(0.9), (Keys with { Schedule = EpsilonScheduleKind.Constant }).Policy);
    }

    [Fact]
    public void A_multiplicative_schedule_reads_start_min_and_decay_and_counts_update_rounds()
    {
        Assert.Equal(ExplorationPolicy.NewMultiplicativePerUpdateRound(0.9, 0.1, 0.99),
            (Keys with { Schedule = EpsilonScheduleKind.Multiplicative }).Policy);
    }

    [Fact]
    public void A_linear_schedule_reads_start_min_decay_steps_and_decay_start_and_counts_env_steps()
    {
        Assert.Equal(ExplorationPolicy.NewLinearPerEnvStep(0.9, 0.1, 1000, 2000),
            (Keys with { Schedule = EpsilonScheduleKind.Linear }).Policy);
    }

    [Theory]
    [InlineData(TargetUpdateMode.None, 500, 1.0, "NoTarget")]
    [InlineData(TargetUpdateMode.Episode, 500, 1.0, "AtEpisodeEnd HardCopy")]
    [InlineData(TargetUpdateMode.Episode, 500, 0.5, "AtEpisodeEnd (Polyak 0.5)")]
    [InlineData(TargetUpdateMode.Steps, 500, 1.0, "EveryEnvSteps (500L, HardCopy)")]
    [InlineData(TargetUpdateMode.Steps, 1, 0.005, "EveryEnvSteps (1L, Polyak 0.005)")]
    public void Target_update_keys_make_the_policy_of_their_mode(TargetUpdateMode mode, int every, double tau, string policy)
    {
        var made = new TargetUpdateConfig { Mode = mode, Every = every, Tau = tau }.Policy;

        Assert.Equal(policy, made.ToString());
    }
}
