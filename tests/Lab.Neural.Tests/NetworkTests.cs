namespace Lab.Neural.Tests;

public sealed class NetworkTests
{
    private static readonly NetworkShape Dqn2 = new(4, [32, 16, 8, 4], 2, Activation.Relu);

    [Fact]
    public void Given_the_notebook_nets_when_counting_parameters_then_they_match_keras_summaries()
    {
        Assert.Equal(10_802, new NetworkShape(4, [100, 100], 2, Activation.Relu).ParameterCount); // notebook 003's model.summary()
        Assert.Equal(808 + 62, Dqn2.ParameterCount);
        Assert.Equal(10_934, new NetworkShape(4, [120, 84], 2, Activation.Relu).ParameterCount);
    }

    [Fact]
    public void Given_two_shapes_with_equal_sizes_when_compared_then_they_are_equal_and_print_as_layer_sizes()
    {
        var a = new NetworkShape(4, new List<int> { 32, 16 }, 2, Activation.Tanh);
        var b = new NetworkShape(4, [32, 16], 2, Activation.Tanh);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, b with { Activation = Activation.Relu });
        Assert.Equal("4-32-16-2 tanh", a.ToString());
    }

    [Fact]
    public void Given_invalid_sizes_when_building_a_shape_then_it_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new NetworkShape(0, [4], 2, Activation.Relu));
        Assert.Throws<ArgumentOutOfRangeException>(() => new NetworkShape(4, [4, 0], 2, Activation.Relu));
        Assert.Throws<ArgumentOutOfRangeException>(() => new NetworkShape(4, [4], 0, Activation.Relu));
        Assert.Throws<ArgumentOutOfRangeException>(() => new QNetwork(Dqn2, 0, WeightInit.GlorotUniform, 1, null, LossKind.Mse));
    }

    [Fact]
    public void Given_an_online_network_when_copying_to_a_target_then_parameters_are_equal_and_independent()
    {
        var online = new QNetwork(Dqn2, 8, WeightInit.GlorotUniform, 1, Data.Adam(), LossKind.Mse);
        var target = new QNetwork(Dqn2, 8, WeightInit.GlorotUniform, 2, null, LossKind.Mse);
        online.CopyParametersTo(target);
        Assert.True(Data.BitEqual(online.Parameters, target.Parameters));
        online.TrainStep(Data.Uniform(32, -1, 1, 1), Data.Ints(8, 2, 1), Data.Uniform(8, 0, 1, 1), 8);
        Assert.False(Data.BitEqual(online.Parameters, target.Parameters));
    }

    [Fact]
    public void Given_tau_when_soft_updating_then_each_parameter_is_tau_source_plus_one_minus_tau_self_in_float32()
    {
        var source = new QNetwork(Dqn2, 1, WeightInit.GlorotUniform, 1, null, LossKind.Mse);
        var target = new QNetwork(Dqn2, 1, WeightInit.GlorotUniform, 2, null, LossKind.Mse);
        var before = (float[])target.Parameters.Clone();
        const float tau = 0.005f;
        target.SoftUpdateFrom(source, tau);
        for (var i = 0; i < before.Length; i++)
        {
            var keep = before[i] * (1f - tau);
            Assert.Equal(source.Parameters[i] * tau + keep, target.Parameters[i]);
        }

        target.SoftUpdateFrom(source, 1f);
        Assert.True(Data.BitEqual(source.Parameters, target.Parameters));
    }

    [Fact]
    public void Given_networks_of_different_shapes_when_syncing_then_the_error_names_both_shapes()
    {
        var a = new QNetwork(Dqn2, 1, WeightInit.GlorotUniform, 1, null, LossKind.Mse);
        var b = new QNetwork(new NetworkShape(4, [24, 24], 2, Activation.Relu), 1, WeightInit.GlorotUniform, 1, null, LossKind.Mse);
        var error = Assert.Throws<ArgumentException>(() => a.CopyParametersTo(b));
        Assert.Contains("4-32-16-8-4-2", error.Message);
        Assert.Contains("4-24-24-2", error.Message);
        Assert.Throws<ArgumentException>(() => b.SoftUpdateFrom(a, 0.1f));
    }

    [Fact]
    public void Given_an_inference_only_network_when_training_then_it_refuses()
    {
        var target = new QNetwork(Dqn2, 4, WeightInit.GlorotUniform, 1, null, LossKind.Mse);
        Assert.Throws<InvalidOperationException>(() => target.TrainStep(new float[16], new int[4], new float[4], 4));
    }

    [Fact]
    public void Given_an_action_out_of_range_when_training_then_it_is_refused_and_nothing_changes()
    {
        var net = new QNetwork(Dqn2, 4, WeightInit.GlorotUniform, 1, Data.Adam(), LossKind.Mse);
        var before = (float[])net.Parameters.Clone();
        Assert.Throws<ArgumentOutOfRangeException>(() => net.TrainStep(new float[16], [0, 1, 2, 0], new float[4], 4));
        Assert.True(Data.BitEqual(before, net.Parameters));
        Assert.Equal(0, net.Steps);
    }

    [Fact]
    public void Given_a_batch_larger_than_max_batch_or_short_buffers_when_predicting_then_it_is_refused()
    {
        var net = new QNetwork(Dqn2, 4, WeightInit.GlorotUniform, 1, null, LossKind.Mse);
        Assert.Throws<ArgumentOutOfRangeException>(() => net.Predict(new float[20], 5, new float[10]));
        Assert.Throws<ArgumentOutOfRangeException>(() => net.Predict(new float[20], 0, new float[10]));
        Assert.Throws<ArgumentException>(() => net.Predict(new float[15], 4, new float[8]));
        Assert.Throws<ArgumentException>(() => net.Predict(new float[16], 4, new float[7]));
    }

    [Fact]
    public void Given_a_relu_network_when_predicting_then_the_outputs_match_the_float64_reference()
    {
        var net = new QNetwork(Dqn2, 32, WeightInit.GlorotUniform, 8, null, LossKind.Mse);
        var states = Data.Uniform(32 * 4, -2, 2, 9);
        var q = new float[64];
        net.Predict(states, 32, q);
        var theta = net.Parameters.Select(v => (double)v).ToArray();
        for (var i = 0; i < 32; i++)
        {
            var expected = Reference.Forward(Dqn2, theta, states.AsSpan(i * 4, 4));
            for (var j = 0; j < 2; j++) Assert.True(Math.Abs(expected[j] - q[i * 2 + j]) < 1e-5, $"sample {i} action {j}");
        }
    }
}
