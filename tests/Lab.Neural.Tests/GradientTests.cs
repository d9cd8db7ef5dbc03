namespace Lab.Neural.Tests;

public sealed class GradientTests
{
    public static TheoryData<Activation, LossKind, int> Cases()
    {
        var data = new TheoryData<Activation, LossKind, int>();
        foreach (var activation in Enum.GetValues<Activation>())
            foreach (var loss in Enum.GetValues<LossKind>())
                foreach (var batch in new[] { 7, 70 })
                    data.Add(activation, loss, batch);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Given_a_small_network_when_computing_gradients_then_every_parameter_matches_central_differences_of_a_float64_reference(
        Activation activation, LossKind loss, int batch)
    {
        // Given a 3-6-5-3 network with non-zero biases, and targets both near and far from the outputs
        // (so Huber's quadratic and linear parts are both exercised)
        var shape = new NetworkShape(3, [6, 5], 3, activation);
        var net = new QNetwork(shape, 80, WeightInit.GlorotUniform, 5, Data.Frozen, loss);
        var biases = Data.Uniform(net.ParameterCount, -0.3, 0.3, 6);
        for (var i = 0; i < net.ParameterCount; i++) net.Parameters[i] += biases[i];
        var states = Data.Uniform(batch * 3, -2, 2, 7);
        var actions = Data.Ints(batch, 3, 8);
        var targets = Data.Uniform(batch, -3, 3, 9);

        // When the network computes its loss and gradients (SGD with learning rate 0 changes nothing)
        var before = (float[])net.Parameters.Clone();
        var meanLoss = net.TrainStep(states, actions, targets, batch);
        Assert.True(Data.BitEqual(before, net.Parameters));

        // Then the loss equals the float64 reference and every gradient its central difference
        var theta = net.Parameters.Select(v => (double)v).ToArray();
        var reference = Reference.Loss(shape, theta, states, actions, targets, batch, loss);
        Assert.InRange(meanLoss, reference - 1e-5 * (1 + reference), reference + 1e-5 * (1 + reference));
        const double h = 1e-6;
        for (var i = 0; i < theta.Length; i++)
        {
            var saved = theta[i];
            theta[i] = saved + h;
            var plus = Reference.Loss(shape, theta, states, actions, targets, batch, loss);
            theta[i] = saved - h;
            var minus = Reference.Loss(shape, theta, states, actions, targets, batch, loss);
            theta[i] = saved;
            var numeric = (plus - minus) / (2 * h);
            var analytic = net.Gradients[i];
            var tolerance = 1e-4 + 1e-3 * Math.Abs(numeric);
            Assert.True(Math.Abs(analytic - numeric) <= tolerance,
                $"parameter {i}: analytic {analytic}, central difference {numeric}");
        }
    }

    [Fact]
    public void Given_a_batch_when_training_then_only_the_taken_actions_output_receives_gradient()
    {
        // Given a linear 2-input, 3-output model (no hidden layer) and every sample taking action 1
        var shape = new NetworkShape(2, [], 3, Activation.Linear);
        var net = new QNetwork(shape, 8, WeightInit.GlorotUniform, 1, Data.Frozen, LossKind.Mse);
        var states = Data.Uniform(16, -1, 1, 2);

        // When it computes gradients
        net.TrainStep(states, [1, 1, 1, 1, 1, 1, 1, 1], Data.Uniform(8, -1, 1, 3), 8);

        // Then the weights and biases of outputs 0 and 2 have zero gradient, those of output 1 do not
        // (layout: W[k, j] at k·3 + j, then b[j] at 6 + j)
        foreach (var i in new[] { 0, 2, 3, 5, 6, 8 }) Assert.Equal(0f, net.Gradients[i]);
        foreach (var i in new[] { 1, 4, 7 }) Assert.NotEqual(0f, net.Gradients[i]);
    }
}
