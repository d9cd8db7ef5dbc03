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
    public void Given_training_in_two_parts_then_the_step_is_train_steps_and_the_loss_is_on_the_kept_forward_pass()
    {
        var states = Data.Uniform(32, -1, 1, 4);
        var other = Data.Uniform(32, -1, 1, 5);
        var actions = Data.Ints(8, 2, 6);
        var targets = Data.Uniform(8, 0, 1, 7);
        var whole = new QNetwork(Dqn2, 8, WeightInit.GlorotUniform, 1, Data.Adam(), LossKind.Mse);
        var parts = new QNetwork(Dqn2, 8, WeightInit.GlorotUniform, 1, Data.Adam(), LossKind.Mse);
        var qBefore = new float[16];
        parts.Predict(states, 8, qBefore);

        var lossWhole = whole.TrainStep(states, actions, targets, 8);
        parts.ForwardForTraining(states, 8);
        parts.Predict(other.AsSpan(0, 4), 1, new float[2]); // a single-row Predict (the agent acting) keeps the forward pass
        var lossParts = parts.TrainOnForward(actions, targets, 8);

        // the mean of (Q(s_i, a_i) − target_i)² over the Q values of states before the step
        var expected = 0.0;
        for (var i = 0; i < 8; i++) expected += Math.Pow(qBefore[i * 2 + actions[i]] - targets[i], 2) / 8;
        Assert.Equal(expected, lossParts, 5);
        Assert.Equal(BitConverter.SingleToInt32Bits(lossWhole), BitConverter.SingleToInt32Bits(lossParts));
        Assert.True(Data.BitEqual(whole.Parameters, parts.Parameters));
        Assert.Equal(1, parts.Steps);
    }

    [Fact]
    public void Given_no_kept_forward_pass_when_training_on_it_then_it_is_refused_and_nothing_changes()
    {
        var net = new QNetwork(Dqn2, 8, WeightInit.GlorotUniform, 1, Data.Adam(), LossKind.Mse);
        var before = (float[])net.Parameters.Clone();
        var states = Data.Uniform(32, -1, 1, 4);
        var (actions, targets) = (Data.Ints(8, 2, 6), Data.Uniform(8, 0, 1, 7));

        Assert.Throws<InvalidOperationException>(() => net.TrainOnForward(actions, targets, 8));
        net.ForwardForTraining(states, 8);
        net.Predict(states, 8, new float[16]); // a batched Predict overwrites the kept pass
        Assert.Throws<InvalidOperationException>(() => net.TrainOnForward(actions, targets, 8));
        net.ForwardForTraining(states, 8);
        Assert.Throws<InvalidOperationException>(() => net.TrainOnForward(actions, targets, 4)); // another batch
        net.ForwardForTraining(states, 8);
        net.TrainOnForward(actions, targets, 8);
        Assert.Throws<InvalidOperationException>(() => net.TrainOnForward(actions, targets, 8)); // used once
        Assert.Equal(1, net.Steps);
        Assert.False(Data.BitEqual(before, net.Parameters));
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
