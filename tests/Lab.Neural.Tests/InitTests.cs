using Lab.Core;

namespace Lab.Neural.Tests;

public sealed class InitTests
{
    private static readonly NetworkShape Dqn2 = new(4, [32, 16, 8, 4], 2, Activation.Relu);

    [Fact]
    public void Given_glorot_uniform_when_building_then_each_layers_weights_lie_within_its_limit_and_biases_are_zero()
    {
        var net = new QNetwork(Dqn2, 1, WeightInit.GlorotUniform, 7, null, LossKind.Mse);
        var sizes = Dqn2.LayerSizes();
        var offset = 0;
        for (var l = 0; l + 1 < sizes.Length; l++)
        {
            int ins = sizes[l], outs = sizes[l + 1];
            var limit = (float)Math.Sqrt(6.0 / (ins + outs));
            var weights = net.Parameters.AsSpan(offset, ins * outs).ToArray();
            Assert.All(weights, w => Assert.InRange(w, -limit, limit));
            // spread over most of the interval, both signs
            Assert.True(weights.Max() > limit / 2 && weights.Min() < -limit / 2, $"layer {l}");
            Assert.All(net.Parameters.AsSpan(offset + ins * outs, outs).ToArray(), b => Assert.Equal(0f, b));
            offset += ins * outs + outs;
        }
    }

    [Fact]
    public void Given_glorot_uniform_when_building_then_the_weights_are_the_init_stream_draws_in_storage_order()
    {
        // The documented order: Rng stream (seed, "init"), layer by layer, W in storage order, U(−limit, limit).
        var net = new QNetwork(Dqn2, 1, WeightInit.GlorotUniform, 7, null, LossKind.Mse);
        var rng = RngModule.ForStream(7, "init");
        var limit0 = Math.Sqrt(6.0 / (4 + 32));
        for (var i = 0; i < 128; i++)
        {
            double u;
            (u, rng) = RngModule.NextUniform(-limit0, limit0, rng);
            Assert.Equal((float)u, net.Parameters[i]);
        }

        var limit1 = Math.Sqrt(6.0 / (32 + 16));
        (var first, _) = RngModule.NextUniform(-limit1, limit1, rng);
        Assert.Equal((float)first, net.Parameters[128 + 32]); // after W0 (128) and b0 (32)
    }

    [Fact]
    public void Given_a_normal_init_when_building_then_weights_have_the_requested_standard_deviation()
    {
        var net = new QNetwork(new NetworkShape(4, [256, 256], 2, Activation.Relu), 1, WeightInit.Normal(0.35), 3, null, LossKind.Mse);
        var weights = net.Parameters.AsSpan(4 * 256 + 256, 256 * 256).ToArray();
        var mean = weights.Average(w => (double)w);
        var std = Math.Sqrt(weights.Average(w => (w - mean) * (w - mean)));
        Assert.InRange(mean, -0.01, 0.01);
        Assert.InRange(std, 0.35 * 0.98, 0.35 * 1.02);
        Assert.Throws<ArgumentOutOfRangeException>(() => WeightInit.Normal(0));
    }
}
