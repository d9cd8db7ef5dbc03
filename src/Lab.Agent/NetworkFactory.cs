using Lab.Neural;

namespace Lab.Agent;

/// <summary>Turns the config's network/optimizer/loss keys into Lab.Neural's types.</summary>
public static class NetworkFactory
{
    public static NetworkShape Shape(TrainConfig config, int inputs, int outputs) =>
        new(inputs, config.Network.Hidden.ToArray(), outputs, config.Network.Activation switch
        {
            "relu" => Activation.Relu,
            "tanh" => Activation.Tanh,
            "linear" => Activation.Linear,
            var other => throw new ArgumentException($"unknown activation '{other}'"),
        });

    public static WeightInit Init(TrainConfig config) => config.Network.Init switch
    {
        "glorot_uniform" => WeightInit.GlorotUniform,
        "normal" => WeightInit.Normal(config.Network.InitStddev),
        var other => throw new ArgumentException($"unknown init '{other}'"),
    };

    public static OptimizerSettings Optimizer(TrainConfig config)
    {
        var o = config.Optimizer;
        var kind = o.Name switch
        {
            "adam" => OptimizerKind.Adam,
            "rmsprop" => OptimizerKind.RmsProp,
            "sgd" => OptimizerKind.Sgd,
            var other => throw new ArgumentException($"unknown optimizer '{other}'"),
        };
        return new OptimizerSettings(kind, o.LearningRate, o.Beta1, o.Beta2, o.Epsilon, o.Rho, o.Momentum, o.ClipNorm);
    }

    public static LossKind Loss(TrainConfig config) => config.Loss switch
    {
        "mse" => LossKind.Mse,
        "huber" => LossKind.Huber,
        var other => throw new ArgumentException($"unknown loss '{other}'"),
    };

    /// <summary>A network that trains (online) or only predicts (target, evaluation: no optimizer).</summary>
    public static QNetwork Create(TrainConfig config, int inputs, int outputs, int maxBatch, bool trainable) =>
        new(Shape(config, inputs, outputs), maxBatch, Init(config), unchecked((ulong)config.Seed),
            trainable ? Optimizer(config) : null, Loss(config));
}
