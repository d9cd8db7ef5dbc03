using Lab.Core;

namespace Lab.Agent;

public sealed record EpsilonConfig
{
    /// <summary>constant | multiplicative (x decay per update round, floored at min) | linear (start to min over decay_steps env steps).</summary>
    public EpsilonScheduleKind Schedule { get; init; } = EpsilonScheduleKind.Linear;
    public double Start { get; init; } = 1.0;
    public double Min { get; init; } = 0.05;
    public double Decay { get; init; } = 0.999;
    public long DecaySteps { get; init; } = 10_000;
    /// <summary>Env steps before the linear schedule starts to decay (ε stays at start until then): notebook 004
    /// decays only once replay has begun (its start_replay_step); CleanRL and SB3 decay from step 0.</summary>
    public long DecayStart { get; init; }

    /// <summary>The policy the trainer follows: the schedule with the keys it reads (the others are ignored).</summary>
    public ExplorationPolicy Policy => Schedule switch
    {
        EpsilonScheduleKind.Constant => ExplorationPolicy.NewConstant(Start),
        EpsilonScheduleKind.Multiplicative => ExplorationPolicy.NewMultiplicativePerUpdateRound(Start, Min, Decay),
        EpsilonScheduleKind.Linear => ExplorationPolicy.NewLinearPerEnvStep(Start, Min, DecaySteps, DecayStart),
        _ => throw new ArgumentOutOfRangeException(nameof(Schedule), Schedule, "unknown epsilon schedule"),
    };
}
