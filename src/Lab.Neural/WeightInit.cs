namespace Lab.Neural;

/// <summary>
/// How the weights of a new network are drawn; biases always start at zero. Draws come from the
/// Lab.Core.Rng stream (seed, "init"), layer by layer from the input side, each weight matrix in
/// its storage order (input index outer, output index inner), so a seed gives the same network on
/// every machine.
/// </summary>
public abstract record WeightInit
{
    private WeightInit()
    {
    }

    /// <summary>
    /// Glorot (Xavier) uniform as Keras' default <c>glorot_uniform</c>: U(−limit, limit) with
    /// limit = sqrt(6 / (fan_in + fan_out)).
    /// </summary>
    public static WeightInit GlorotUniform { get; } = new GlorotUniformInit();

    /// <summary>
    /// N(0, stddev²), not truncated, like <c>tf.random_normal(stddev=…)</c> (notebook 001 uses 0.35).
    /// </summary>
    public static WeightInit Normal(double stddev) =>
        double.IsFinite(stddev) && stddev > 0
            ? new NormalInit(stddev)
            : throw new ArgumentOutOfRangeException(nameof(stddev), stddev, "the standard deviation must be positive and finite");

    /// <summary>Glorot uniform; see <see cref="GlorotUniform"/>.</summary>
    public sealed record GlorotUniformInit : WeightInit
    {
        /// <inheritdoc />
        public override string ToString() => "glorot_uniform";
    }

    /// <summary>Normal with the given standard deviation; see <see cref="Normal"/>.</summary>
    public sealed record NormalInit(double Stddev) : WeightInit
    {
        /// <inheritdoc />
        public override string ToString() => $"normal(stddev={Stddev.ToString("R", System.Globalization.CultureInfo.InvariantCulture)})";
    }
}
