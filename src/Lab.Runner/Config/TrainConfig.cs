namespace Lab.Runner.Config;

/// <summary>
/// One agent, fully resolved: every key has a default here, a meaning in docs/CONFIG.md and a range
/// checked by <c>ConfigValidator</c>. YAML keys are the snake_case of these property names.
/// </summary>
public sealed record TrainConfig
{
    /// <summary>Experiment name: the folder under results/ and the MLflow experiment.</summary>
    public string Name { get; init; } = "dqn";
    /// <summary>CartPole-v0 (cap 200, solved at 195) or CartPole-v1 (cap 500, solved at 475).</summary>
    public string Env { get; init; } = "CartPole-v1";
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
    public string Loss { get; init; } = "mse";
    public TargetUpdateConfig TargetUpdate { get; init; } = new();
    public bool DoubleDqn { get; init; }
    /// <summary>Replaces the reward on termination (never on truncation): -100 in notebook 000, 0 in 001.</summary>
    public double? FailureReward { get; init; }
    /// <summary>Treat the step cap as a failure in Bellman targets, as all five notebooks do.</summary>
    public bool TimeoutsAsTerminal { get; init; }
    public StopConfig Stop { get; init; } = new();
    public EvaluationConfig Evaluation { get; init; } = new();
    public long Seed { get; init; } = 1;
}

public sealed record EpsilonConfig
{
    /// <summary>constant | multiplicative (x decay per update round, floored at min) | linear (start to min over decay_steps env steps).</summary>
    public string Schedule { get; init; } = "linear";
    public double Start { get; init; } = 1.0;
    public double Min { get; init; } = 0.05;
    public double Decay { get; init; } = 0.999;
    public long DecaySteps { get; init; } = 10_000;
    /// <summary>Env steps before the linear schedule starts to decay (ε stays at start until then): notebook 004
    /// decays only once replay has begun (its start_replay_step); CleanRL and SB3 decay from step 0.</summary>
    public long DecayStart { get; init; }
}

public sealed record NetworkConfig
{
    public IReadOnlyList<int> Hidden { get; init; } = [64, 64];
    /// <summary>relu | tanh | linear, for the hidden layers; the output layer is linear.</summary>
    public string Activation { get; init; } = "relu";
    /// <summary>glorot_uniform (Keras' default) | normal (with init_stddev, notebook 001).</summary>
    public string Init { get; init; } = "glorot_uniform";
    public double InitStddev { get; init; } = 0.1;

    public bool Equals(NetworkConfig? other) =>
        other is not null && Hidden.SequenceEqual(other.Hidden) && Activation == other.Activation
        && Init == other.Init && InitStddev.Equals(other.InitStddev);

    public override int GetHashCode() => HashCode.Combine(string.Join(",", Hidden), Activation, Init, InitStddev);
}

public sealed record OptimizerConfig
{
    /// <summary>adam | rmsprop | sgd.</summary>
    public string Name { get; init; } = "adam";
    public double LearningRate { get; init; } = 1e-3;
    public double Beta1 { get; init; } = 0.9;
    public double Beta2 { get; init; } = 0.999;
    /// <summary>Adam/RMSProp epsilon: Keras 1e-7, PyTorch 1e-8, TF1 RMSProp 1e-10.</summary>
    public double Epsilon { get; init; } = 1e-7;
    /// <summary>RMSProp decay (TF1: 0.9).</summary>
    public double Rho { get; init; } = 0.9;
    public double Momentum { get; init; }
    /// <summary>Clip the global gradient norm to this value; null = no clipping.</summary>
    public double? ClipNorm { get; init; }
}

public sealed record TargetUpdateConfig
{
    /// <summary>none (the naive agent of notebook 004) | episode (sync at episode end) | steps (every `every` env steps).</summary>
    public string Mode { get; init; } = "steps";
    public int Every { get; init; } = 500;
    /// <summary>1 = hard copy; below 1 = Polyak soft update θ' ← τθ + (1-τ)θ'.</summary>
    public double Tau { get; init; } = 1.0;
}

public sealed record StopConfig
{
    /// <summary>Stop after this many consecutive episodes reach the training cap (notebook 000: 3); null = never.</summary>
    public int? ConsecutiveCaps { get; init; }
}

public sealed record EvaluationConfig
{
    /// <summary>Greedy evaluation every N training episodes; 0 = only at the end.</summary>
    public int EveryEpisodes { get; init; } = 50;
    public int Episodes { get; init; } = 20;
    /// <summary>Evaluation cap; null = the env preset's cap (500 for v1, 200 for v0).</summary>
    public int? MaxSteps { get; init; }
}
