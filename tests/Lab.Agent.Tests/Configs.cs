using Lab.Neural;

namespace Lab.Agent.Tests;

/// <summary>
/// The only place these tests build or read a <see cref="TrainConfig"/>'s non-scalar keys. The setters take
/// Lab.Neural's typed values (LossKind, Activation, WeightInit, OptimizerSettings) and translate them to
/// whatever TrainConfig holds, so when the config's strings become typed values only this file changes.
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
        Env = "CartPole-v1",
        Episodes = 12,
        Memory = 2_000,
        LearningStarts = 32,
        BatchSize = 16,
        TrainEvery = 1,
        GradientSteps = 1,
        Gamma = 0.99,
        Network = new NetworkConfig { Hidden = [8] },
        Optimizer = new OptimizerConfig(),
        Loss = "mse",
        Epsilon = new EpsilonConfig { Schedule = "linear", Start = 1.0, Min = 0.05, DecaySteps = 10_000 },
        TargetUpdate = new TargetUpdateConfig { Mode = "episode", Every = 500, Tau = 1.0 },
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
                Activation = activation switch
                {
                    Activation.Relu => "relu",
                    Activation.Tanh => "tanh",
                    Activation.Linear => "linear",
                    _ => throw new ArgumentOutOfRangeException(nameof(activation)),
                },
            },
        };

    public static TrainConfig WithInit(TrainConfig c, WeightInit init) =>
        c with
        {
            Network = init switch
            {
                WeightInit.GlorotUniformInit => c.Network with { Init = "glorot_uniform" },
                WeightInit.NormalInit n => c.Network with { Init = "normal", InitStddev = n.Stddev },
                _ => throw new ArgumentOutOfRangeException(nameof(init)),
            },
        };

    public static TrainConfig WithLoss(TrainConfig c, LossKind loss) =>
        c with { Loss = loss == LossKind.Huber ? "huber" : "mse" };

    /// <summary>Every optimizer key from one OptimizerSettings: kind, lr, β1, β2, ε, ρ, momentum, clip_norm.</summary>
    public static TrainConfig WithOptimizer(TrainConfig c, OptimizerSettings o) =>
        c with
        {
            Optimizer = new OptimizerConfig
            {
                Name = o.Kind switch
                {
                    OptimizerKind.Adam => "adam",
                    OptimizerKind.RmsProp => "rmsprop",
                    OptimizerKind.Sgd => "sgd",
                    _ => throw new ArgumentOutOfRangeException(nameof(o)),
                },
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
        c with { Epsilon = new EpsilonConfig { Schedule = "constant", Start = epsilon } };

    /// <summary>ε = max(min, start·decay^update_rounds).</summary>
    public static TrainConfig MultiplicativeEpsilon(TrainConfig c, double start, double min, double decay) =>
        c with { Epsilon = new EpsilonConfig { Schedule = "multiplicative", Start = start, Min = min, Decay = decay } };

    /// <summary>ε from start to min over decaySteps env steps, counted from decayStart env steps.</summary>
    public static TrainConfig LinearEpsilon(TrainConfig c, double start, double min, long decaySteps, long decayStart = 0) =>
        c with
        {
            Epsilon = new EpsilonConfig
            {
                Schedule = "linear", Start = start, Min = min, DecaySteps = decaySteps, DecayStart = decayStart,
            },
        };

    // ---- target network ----

    /// <summary>target_update.mode none: the online network is its own target.</summary>
    public static TrainConfig NoTarget(TrainConfig c) =>
        c with { TargetUpdate = new TargetUpdateConfig { Mode = "none" } };

    public static TrainConfig TargetEachEpisode(TrainConfig c, double tau = 1.0) =>
        c with { TargetUpdate = new TargetUpdateConfig { Mode = "episode", Tau = tau } };

    public static TrainConfig TargetEverySteps(TrainConfig c, int every, double tau = 1.0) =>
        c with { TargetUpdate = new TargetUpdateConfig { Mode = "steps", Every = every, Tau = tau } };

    // ---- stop, evaluation ----

    public static TrainConfig StopAfterCaps(TrainConfig c, int? consecutiveCaps) =>
        c with { Stop = new StopConfig { ConsecutiveCaps = consecutiveCaps } };

    public static TrainConfig WithEvaluation(TrainConfig c, int everyEpisodes, int episodes, int? maxSteps) =>
        c with { Evaluation = new EvaluationConfig { EveryEpisodes = everyEpisodes, Episodes = episodes, MaxSteps = maxSteps } };
}
