using Lab.Tests;

namespace Lab.Neural.Tests;

public sealed class AllocationTests
{
    [Theory]
    [InlineData(OptimizerKind.Adam, LossKind.Mse, Activation.Relu)]
    [InlineData(OptimizerKind.RmsProp, LossKind.Huber, Activation.Tanh)]
    [InlineData(OptimizerKind.Sgd, LossKind.Mse, Activation.Linear)]
    public void Given_a_warmed_up_network_when_training_and_predicting_then_nothing_is_allocated(OptimizerKind kind, LossKind loss, Activation activation)
    {
        var shape = new NetworkShape(4, [32, 16, 8, 4], 2, activation);
        var online = new QNetwork(shape, 64, WeightInit.GlorotUniform, 1, new OptimizerSettings(kind, 1e-3, Momentum: 0.5, ClipNorm: 1.0), loss);
        var target = new QNetwork(shape, 64, WeightInit.GlorotUniform, 2, null, loss);
        var states = Data.Uniform(64 * 4, -1, 1, 3);
        var actions = Data.Ints(64, 2, 4);
        var targets = Data.Uniform(64, 0, 2, 5);
        var q = new float[128];

        void Update(int n)
        {
            for (var i = 0; i < n; i++)
            {
                online.Predict(states, 64, q);
                target.Predict(states, 64, q);
                online.Predict(states.AsSpan(0, 4), 1, q);
                online.TrainStep(states, actions, targets, 64);
                online.TrainStep(states, actions, targets, 13);
                target.SoftUpdateFrom(online, 0.01f);
                online.CopyParametersTo(target);
            }
        }

        Assert.Equal(0, SteadyState.BytesPerWindow(Update, 300, 1000));
    }

    [Fact]
    public void Given_a_network_large_enough_for_blocked_packed_kernels_when_training_and_predicting_then_nothing_is_allocated()
    {
        // 160 → 144 has more rows of B than one depth block: the forward and backward passes run packed.
        var shape = new NetworkShape(4, [160, 144], 2, Activation.Relu);
        var online = new QNetwork(shape, 300, WeightInit.GlorotUniform, 1, new OptimizerSettings(OptimizerKind.Adam, 1e-3), LossKind.Mse);
        var states = Data.Uniform(300 * 4, -1, 1, 3);
        var actions = Data.Ints(300, 2, 4);
        var targets = Data.Uniform(300, 0, 2, 5);
        var q = new float[600];

        void Update(int n)
        {
            for (var i = 0; i < n; i++)
            {
                online.Predict(states, 300, q);
                online.TrainStep(states, actions, targets, 300);
            }
        }

        Assert.Equal(0, SteadyState.BytesPerWindow(Update, 30, 100));
    }
}
