using Lab.Neural.Kernels;
using Lab.Tests;

namespace Lab.Neural.Tests;

/// <summary>
/// A network with a <see cref="SecondCore"/> computes the same bits as one without (the reference-machine
/// CRCs in DeterminismTests hold with one too): predictions, losses, gradients and parameters, on every
/// kernel path, for shapes and batches that put the split on and off the 64-sample panels, through the
/// packed products, with every optimizer, both losses and every activation.
/// </summary>
public sealed class SecondCoreTests
{
    public static TheoryData<int[], int, Activation, OptimizerKind, LossKind, double?> Cases() => new()
    {
        { [64, 64], 100, Activation.Relu, OptimizerKind.Adam, LossKind.Mse, null },          // ld 112: halves of 48 and 64
        { [120, 84], 128, Activation.Relu, OptimizerKind.Adam, LossKind.Huber, 1.0 },        // CleanRL's net, clipped
        { [24, 40, 9], 70, Activation.Tanh, OptimizerKind.RmsProp, LossKind.Mse, null },     // 3 hidden layers, tanh
        { [200, 130], 1030, Activation.Relu, OptimizerKind.Sgd, LossKind.Mse, null },        // halves packed (depth > 128)
        { [33], 64, Activation.Linear, OptimizerKind.Sgd, LossKind.Huber, null },            // the smallest split: 32 + 32
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Given_a_second_core_when_training_and_predicting_then_every_result_equals_one_cores_bit_for_bit(
        int[] hidden, int batch, Activation activation, OptimizerKind kind, LossKind loss, double? clip)
    {
        var shape = new NetworkShape(8, hidden, 3, activation);
        var settings = new OptimizerSettings(kind, 1e-2, Momentum: kind == OptimizerKind.Sgd && hidden.Length == 2 ? 0.9 : 0, ClipNorm: clip);
        using var helper = new SecondCore();
        foreach (var path in Enum.GetValues<KernelPath>())
        {
            if (!KernelPaths.IsSupported(path)) continue;
            var one = new QNetwork(shape, batch, WeightInit.GlorotUniform, 9, settings, loss) { Path = path };
            var two = new QNetwork(shape, batch, WeightInit.GlorotUniform, 9, settings, loss) { Path = path, Helper = helper };
            var before = helper.Passes;
            var qOne = new float[batch * 3];
            var qTwo = new float[batch * 3];
            for (var step = 0; step < 4; step++)
            {
                var states = Data.Uniform(batch * 8, -2, 2, (ulong)(40 + step));
                var actions = Data.Ints(batch, 3, (ulong)step);
                var targets = Data.Uniform(batch, -3, 3, (ulong)(90 + step));
                var lossOne = one.TrainStep(states, actions, targets, batch);
                var lossTwo = two.TrainStep(states, actions, targets, batch);
                Assert.True(BitConverter.SingleToInt32Bits(lossOne) == BitConverter.SingleToInt32Bits(lossTwo), $"{path} step {step}: loss {lossOne:R} vs {lossTwo:R}");
                Assert.True(Data.BitEqual(one.Gradients, two.Gradients), $"{path} step {step}: gradients");
                Assert.True(Data.BitEqual(one.Parameters, two.Parameters), $"{path} step {step}: parameters");
                one.Predict(states, batch, qOne);
                two.Predict(states, batch, qTwo);
                Assert.True(Data.BitEqual(qOne, qTwo), $"{path} step {step}: predictions");
            }

            Assert.True(helper.Passes > before, $"{path}: the second core was not used");
        }
    }

    [Fact]
    public void Given_a_second_core_when_training_then_a_step_allocates_nothing()
    {
        using var helper = new SecondCore();
        var net = new QNetwork(new NetworkShape(4, [64, 64], 2, Activation.Relu), 256, WeightInit.GlorotUniform, 1,
            new OptimizerSettings(OptimizerKind.Adam, 1e-3), LossKind.Mse) { Helper = helper };
        var states = Data.Uniform(256 * 4, -1, 1, 1);
        var actions = Data.Ints(256, 2, 2);
        var targets = Data.Uniform(256, -1, 1, 3);
        var q = new float[512];
        void Steps(int n)
        {
            for (var i = 0; i < n; i++)
            {
                net.TrainStep(states, actions, targets, 256);
                net.Predict(states, 256, q);
            }
        }

        Assert.Equal(0, SteadyState.BytesPerWindow(Steps, 20, 100));
        Assert.True(helper.Passes >= 100 * 5);
    }

    [Fact]
    public void Given_a_batch_below_64_columns_when_predicting_then_the_pass_is_not_split()
    {
        using var helper = new SecondCore();
        var net = new QNetwork(new NetworkShape(4, [16], 2, Activation.Relu), 48, WeightInit.GlorotUniform, 1, null, LossKind.Mse) { Helper = helper };
        net.Predict(Data.Uniform(48 * 4, -1, 1, 1), 48, new float[96]);
        Assert.Equal(0, helper.Passes);
        net.Predict(Data.Uniform(4, -1, 1, 1), 1, new float[2]);
        Assert.Equal(0, helper.Passes);
    }

    [Fact]
    public void Given_shapes_and_batches_when_asked_whether_a_second_core_pays_then_it_is_from_4_million_multiply_adds_a_pass()
    {
        // parameters × batch: 4-64-64-2 has 4,610 parameters; CleanRL's 4-120-84-2 10,934.
        Assert.True(QNetwork.HelperPays(new NetworkShape(4, [64, 64], 2, Activation.Relu), 2048));   // 9.4 M
        Assert.True(QNetwork.HelperPays(new NetworkShape(4, [64, 64], 2, Activation.Relu), 868));    // 4,001,480
        Assert.False(QNetwork.HelperPays(new NetworkShape(4, [64, 64], 2, Activation.Relu), 867));   // 3,996,870
        Assert.False(QNetwork.HelperPays(new NetworkShape(4, [120, 84], 2, Activation.Relu), 128));  // 1.4 M
    }

    [Fact]
    public void Given_a_disposed_second_core_when_a_network_uses_it_then_it_says_so()
    {
        var helper = new SecondCore();
        var net = new QNetwork(new NetworkShape(4, [16], 2, Activation.Relu), 64, WeightInit.GlorotUniform, 1, null, LossKind.Mse) { Helper = helper };
        helper.Dispose();
        Assert.Throws<ObjectDisposedException>(() => net.Predict(Data.Uniform(64 * 4, -1, 1, 1), 64, new float[128]));
    }
}
