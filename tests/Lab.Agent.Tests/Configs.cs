using Lab.Core;
using Lab.Neural;

namespace Lab.Agent.Tests;

/// <summary>
/// The only place these tests build or read a <see cref="TrainConfig"/>'s non-scalar keys. The setters take
/// Lab.Neural's typed values (LossKind, Activation, WeightInit, OptimizerSettings) and translate them to
/// the config's own kinds.
/// Plain scalars (TrainEvery, GradientSteps, LearningStarts, BatchSize, Memory, DoubleDqn, FailureReward,
/// TimeoutsAsTerminal, MaxSteps, Episodes, Gamma, Seed) are set with <c>with { … }</c> in the tests.
/// </summary>
internal static class Configs
{
    /// <summary>
    /// A trial that runs in milliseconds: CartPole-v1, 12 episodes, a 4-8-2 ReLU net, batch 16 from step
    /// 32, linear ε from 1 (so nearly random, short episodes), target synced each episode, no evaluation
    /// but the final one (2 episodes capped at 20 steps).
    /// </summary>
    public static TrainConfig Tiny() => new()
    {
        Name = "tiny",
        Env = Environments.Facts("CartPole-v1"),
        Episodes = 12,
        Memory = 2_000,
        LearningStarts = 32,
        BatchSize = 16,
        TrainEvery = 1,
        GradientSteps = 1,
        Gamma = 0.99,
        Network = new NetworkConfig { Hidden = [8] },
        Optimizer = new OptimizerConfig(),
        Loss = LossKind.Mse,
        Epsilon = new EpsilonConfig { Schedule = EpsilonScheduleKind.Linear, Start = 1.0, Min = 0.05, DecaySteps = 10_000 },
        TargetUpdate = new TargetUpdateConfig { Mode = TargetUpdateMode.Episode, Every = 500, Tau = 1.0 },
        Evaluation = new EvaluationConfig { EveryEpisodes = 0, Episodes = 2, MaxSteps = 20 },
        Seed = 3,
    };

    /// <summary>The optimizer TrainConfig defaults to: Adam, lr 1e-3, β 0.9/0.999, ε 1e-7 (Keras).</summary>
    public static OptimizerSettings DefaultOptimizer => new(OptimizerKind.Adam, 1e-3);

    // ---- network, loss, optimizer ----

    public static TrainConfig WithHidden(TrainConfig c, params int[] hidden) =>
        c with { Network = c.Network with { Hidden = hidden } };

    public static TrainConfig WithActivation(TrainConfig c, Activation activation) =>
        c with
        {
            Network = c.Network with
            {
                Activation = activation,
            },
        };

    public static TrainConfig WithInit(TrainConfig c, WeightInit init) =>
        c with
        {
            Network = init switch
            {
                WeightInit.GlorotUniformInit => c.Network with { Init = WeightInitKind.GlorotUniform },
                WeightInit.NormalInit n => c.Network with { Init = WeightInitKind.Normal, InitStddev = n.Stddev },
                _ => throw new ArgumentOutOfRangeException(nameof(init)),
            },
        };

    public static TrainConfig WithLoss(TrainConfig c, LossKind loss) =>
        c with { Loss = loss };

    /// <summary>Every optimizer key from one OptimizerSettings: kind, lr, β1, β2, ε, ρ, momentum, clip_norm.</summary>
    public static TrainConfig WithOptimizer(TrainConfig c, OptimizerSettings o) =>
        c with
        {
            Optimizer = new OptimizerConfig
            {
                Name = o.Kind,
                LearningRate = o.LearningRate,
                Beta1 = o.Beta1,
                Beta2 = o.Beta2,
                Epsilon = o.Epsilon,
                Rho = o.Rho,
                Momentum = o.Momentum,
                ClipNorm = o.ClipNorm,
            },
        };

    // ---- exploration ----

    public static TrainConfig ConstantEpsilon(TrainConfig c, double epsilon) =>
        c with { Epsilon = new EpsilonConfig { Schedule = EpsilonScheduleKind.Constant, Start = epsilon } };

    /// <summary>ε = max(min, start·decay^update_rounds).</summary>
    public static TrainConfig MultiplicativeEpsilon(TrainConfig c, double start, double min, double decay) =>
        c with { Epsilon = new EpsilonConfig { Schedule = EpsilonScheduleKind.Multiplicative, Start = start, Min = min, Decay = decay } };

    /// <summary>ε from start to min over decaySteps env steps, counted from decayStart env steps.</summary>
    public static TrainConfig LinearEpsilon(TrainConfig c, double start, double min, long decaySteps, long decayStart = 0) =>
        c with
        {
            Epsilon = new EpsilonConfig
            {
                Schedule = EpsilonScheduleKind.Linear, Start = start, Min = min, DecaySteps = decaySteps, DecayStart = decayStart,
            },
        };

    // ---- target network ----

    /// <summary>target_update.mode none: no target network, targets bootstrap from the online network.</summary>
    public static TrainConfig NoTarget(TrainConfig c) =>
        c with { TargetUpdate = new TargetUpdateConfig { Mode = TargetUpdateMode.None } };

    public static TrainConfig TargetEachEpisode(TrainConfig c, double tau = 1.0) =>
        c with { TargetUpdate = new TargetUpdateConfig { Mode = TargetUpdateMode.Episode, Tau = tau } };

    public static TrainConfig TargetEverySteps(TrainConfig c, int every, double tau = 1.0) =>
        c with { TargetUpdate = new TargetUpdateConfig { Mode = TargetUpdateMode.Steps, Every = every, Tau = tau } };

    // ---- stop, evaluation ----

    public static TrainConfig StopAfterCaps(TrainConfig c, int? consecutiveCaps) =>
        c with { Stop = new StopConfig { ConsecutiveCaps = consecutiveCaps } };

    public static TrainConfig WithEvaluation(TrainConfig c, int everyEpisodes, int episodes, int? maxSteps) =>
        c with { Evaluation = new EvaluationConfig { EveryEpisodes = everyEpisodes, Episodes = episodes, MaxSteps = maxSteps } };
}
