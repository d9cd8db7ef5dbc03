using Lab.Core;

namespace Lab.Agent;

public sealed record TargetUpdateConfig
{
    /// <summary>none (the naive agent of notebook 004) | episode (sync at episode end) | steps (every `every` env steps).</summary>
    public TargetUpdateMode Mode { get; init; } = TargetUpdateMode.Steps;
    public int Every { get; init; } = 500;
    /// <summary>1 = hard copy; below 1 = Polyak soft update θ' ← τθ + (1-τ)θ'.</summary>
    public double Tau { get; init; } = 1.0;

    /// <summary>The policy the trainer follows: the mode with the keys it reads (the others are ignored).</summary>
    public TargetUpdatePolicy Policy => Mode switch
    {
        TargetUpdateMode.None => TargetUpdatePolicy.NoTarget,
        TargetUpdateMode.Episode => TargetUpdatePolicy.NewAtEpisodeEnd(TargetUpdate.BlendOfTau(Tau)),
        TargetUpdateMode.Steps => TargetUpdatePolicy.NewEveryEnvSteps(Every, TargetUpdate.BlendOfTau(Tau)),
        _ => throw new ArgumentOutOfRangeException(nameof(Mode), Mode, "unknown target update mode"),
    };
}
