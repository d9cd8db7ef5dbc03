using Lab.Neural;

namespace Lab.Agent;

public sealed record OptimizerConfig
{
    /// <summary>adam | rmsprop | sgd.</summary>
    public OptimizerKind Name { get; init; } = OptimizerKind.Adam;
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
