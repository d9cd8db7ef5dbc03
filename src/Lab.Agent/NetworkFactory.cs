using Lab.Neural;

namespace Lab.Agent;

/// <summary>The config's network, optimizer and loss keys as Lab.Neural's objects.</summary>
internal static class NetworkFactory
{
    public static NetworkShape Shape(TrainConfig config, int inputs, int outputs) =>
        new(inputs, config.Network.Hidden.ToArray(), outputs, config.Network.Activation);

    public static WeightInit Init(TrainConfig config) => config.Network.Init switch
    {
        WeightInitKind.GlorotUniform => WeightInit.GlorotUniform,
        WeightInitKind.Normal => WeightInit.Normal(config.Network.InitStddev),
        var other => throw new ArgumentOutOfRangeException(nameof(config), other, "unknown weight init"),
    };

    public static OptimizerSettings Optimizer(TrainConfig config)
    {
        var o = config.Optimizer;
        return new OptimizerSettings(o.Name, o.LearningRate, o.Beta1, o.Beta2, o.Epsilon, o.Rho, o.Momentum, o.ClipNorm);
    }

    /// <summary>A network that trains (online) or only predicts (target, evaluation: no optimizer).</summary>
    public static QNetwork Create(TrainConfig config, int inputs, int outputs, int maxBatch, bool trainable) =>
        new(Shape(config, inputs, outputs), maxBatch, Init(config), unchecked((ulong)config.Seed),
            trainable ? Optimizer(config) : null, config.Loss);
}
