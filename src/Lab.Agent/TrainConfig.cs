using Lab.Core;
using Lab.Neural;

namespace Lab.Agent;

/// <summary>
/// One agent, fully resolved: every key has a default here, a meaning in docs/CONFIG.md and a range
/// checked by <c>ConfigValidator</c>. YAML keys are the snake_case of these property names.
/// </summary>
/// <remarks>
/// One record, typed, rather than a YAML-shaped record of strings plus typed settings: the runner's
/// Config/ is the only code that turns YAML words into these values (and back, for config.yaml and
/// params), so nothing past it sees a config string, yet the record keeps every key a config has, the
/// ones its schedule or mode ignores included (epsilon.decay under a linear schedule,
/// target_update.every under episode), because config.yaml and the trial ids hash all of them. The
/// trainer reads the policies the keys make (<see cref="EpsilonConfig.Policy"/>,
/// <see cref="TargetUpdateConfig.Policy"/>), which are the F# core's discriminated unions.
/// </remarks>
public sealed record TrainConfig
{
    /// <summary>Experiment name: the folder under results/ and the MLflow experiment.</summary>
    public string Name { get; init; } = "dqn";
    /// <summary>A registered environment (Lab.Core's <c>Environments</c>): its name, preset cap and solved-at threshold.</summary>
    public EnvironmentFacts Env { get; init; } = Environments.Facts("CartPole-v1");
    /// <summary>Training step cap per episode ("max score"); null = the env preset's cap.</summary>
    public int? MaxSteps { get; init; }
    /// <summary>Training length in episodes; training ends at whichever of episodes/total_steps comes first.</summary>
    public int? Episodes { get; init; } = 300;
    public long? TotalSteps { get; init; }
    public double Gamma { get; init; } = 0.99;
    public EpsilonConfig Epsilon { get; init; } = new();
    /// <summary>Replay capacity in transitions.</summary>
    public int Memory { get; init; } = 10_000;
    /// <summary>Env steps before the first update (and the replay must hold a batch).</summary>
    public int LearningStarts { get; init; } = 1_000;
    public int BatchSize { get; init; } = 64;
    /// <summary>Env steps between update rounds; 0 = one round at the end of each episode (notebook 002).</summary>
    public int TrainEvery { get; init; } = 1;
    /// <summary>Gradient steps per update round.</summary>
    public int GradientSteps { get; init; } = 1;
    public NetworkConfig Network { get; init; } = new();
    public OptimizerConfig Optimizer { get; init; } = new();
    /// <summary>mse or huber, on the taken action's Q value only.</summary>
    public LossKind Loss { get; init; } = LossKind.Mse;
    public TargetUpdateConfig TargetUpdate { get; init; } = new();
    public bool DoubleDqn { get; init; }
    /// <summary>Replaces the reward on termination (never on truncation): -100 in notebook 000, 0 in 001.</summary>
    public double? FailureReward { get; init; }
    /// <summary>Treat the step cap as a failure in Bellman targets, as all five notebooks do.</summary>
    public bool TimeoutsAsTerminal { get; init; }
    public StopConfig Stop { get; init; } = new();
    public EvaluationConfig Evaluation { get; init; } = new();
    public TeacherConfig Teacher { get; init; } = new();
    public long Seed { get; init; } = 1;
}
