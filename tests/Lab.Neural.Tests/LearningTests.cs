namespace Lab.Neural.Tests;

public sealed class LearningTests
{
    [Theory]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Relu)]
    public void Given_64_points_of_a_sine_when_training_with_adam_then_the_network_fits_it_to_mse_below_0_01(Activation activation)
    {
        // Given y = sin(x) on 64 evenly spaced points in [−π, π] and a 1-32-32-1 network (seed 3)
        const int n = 64;
        var x = new float[n];
        var y = new float[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = (float)(-Math.PI + 2 * Math.PI * i / (n - 1));
            y[i] = MathF.Sin(x[i]);
        }

        var actions = new int[n];
        var net = new QNetwork(new NetworkShape(1, [32, 32], 1, activation), n, WeightInit.GlorotUniform, 3,
            new OptimizerSettings(OptimizerKind.Adam, 0.01), LossKind.Mse);
        var before = Mse(net, x, y);

        // When it takes 1,500 full-batch Adam steps
        for (var step = 0; step < 1500; step++) net.TrainStep(x, actions, y, n);

        // Then the fit is good, and it was not before
        var after = Mse(net, x, y);
        Assert.True(before > 0.1, $"the untrained network already fits (MSE {before})");
        Assert.True(after < 0.01, $"MSE after training {after}");
    }

    private static double Mse(QNetwork net, float[] x, float[] y)
    {
        var q = new float[x.Length];
        net.Predict(x, x.Length, q);
        return q.Zip(y, (a, b) => (double)(a - b) * (a - b)).Average();
    }
}
