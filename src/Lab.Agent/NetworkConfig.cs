using Lab.Neural;

namespace Lab.Agent;

public sealed record NetworkConfig
{
    public IReadOnlyList<int> Hidden { get; init; } = [64, 64];
    /// <summary>relu | tanh | linear, for the hidden layers; the output layer is linear.</summary>
    public Activation Activation { get; init; } = Activation.Relu;
    /// <summary>glorot_uniform (Keras' default) | normal (with init_stddev, notebook 001).</summary>
    public WeightInitKind Init { get; init; } = WeightInitKind.GlorotUniform;
    public double InitStddev { get; init; } = 0.1;

    public bool Equals(NetworkConfig? other) =>
        other is not null && Hidden.SequenceEqual(other.Hidden) && Activation == other.Activation
        && Init == other.Init && InitStddev.Equals(other.InitStddev);

    public override int GetHashCode() => HashCode.Combine(string.Join(",", Hidden), Activation, Init, InitStddev);
}
