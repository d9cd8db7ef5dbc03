using Lab.Neural.Kernels;

namespace Lab.Neural.Tests;

public sealed class DeterminismTests
{
    private static readonly NetworkShape Dqn2 = new(4, [32, 16, 8, 4], 2, Activation.Relu);

    public static TheoryData<NetworkShape> Shapes() =>
    [
        Dqn2,
        new NetworkShape(4, [120, 84], 2, Activation.Relu),
        new NetworkShape(5, [7, 3], 3, Activation.Tanh),
        new NetworkShape(4, [100, 100], 2, Activation.Linear),
        new NetworkShape(3, [], 4, Activation.Relu),
        // one-state layers that leave 15, 1 and 15 outputs after whole vectors, 5 outputs alone over 47 inputs
        // (one masked chain), 130 = 8 × 16 + 2, and 3 outputs over 9 inputs (the narrow registers)
        new NetworkShape(3, [31, 17, 47], 5, Activation.Tanh),
        new NetworkShape(4, [130, 9], 3, Activation.Relu),
    ];

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Given_a_batch_when_predicting_then_each_row_equals_predicting_that_row_alone_bit_for_bit(NetworkShape shape)
    {
        var net = new QNetwork(shape, 100, WeightInit.Normal(0.5), 2, null, LossKind.Mse);
        int ins = shape.Inputs, outs = shape.Outputs;
        var states = Data.Uniform(100 * ins, -3, 3, 21);
        var all = new float[100 * outs];
        net.Predict(states, 100, all);
        var one = new float[outs];
        for (var i = 0; i < 100; i++)
        {
            net.Predict(states.AsSpan(i * ins, ins), 1, one);
            Assert.True(Data.BitEqual(all.AsSpan(i * outs, outs), one), $"row {i}");
        }

        // and in a smaller batch that starts elsewhere
        var part = new float[37 * outs];
        net.Predict(states.AsSpan(50 * ins, 37 * ins), 37, part);
        Assert.True(Data.BitEqual(all.AsSpan(50 * outs, 37 * outs), part));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(17)]
    public void Given_one_state_when_predicted_into_a_longer_buffer_then_nothing_past_its_outputs_is_written(int outs)
    {
        var net = new QNetwork(new NetworkShape(4, [84], outs, Activation.Relu), 1, WeightInit.Normal(0.5), 3, null, LossKind.Mse);
        var q = Enumerable.Repeat(-7f, outs + 16).ToArray();

        net.Predict([0.5f, -1f, 2f, 0.25f], 1, q.AsSpan(0, outs));

        Assert.All(q[..outs], v => Assert.NotEqual(-7f, v));
        Assert.All(q[outs..], v => Assert.Equal(-7f, v));
    }

    [Fact]
    public void Given_the_same_seed_when_building_twice_then_parameters_are_identical_and_another_seed_differs()
    {
        var a = new QNetwork(Dqn2, 8, WeightInit.GlorotUniform, 42, Data.Adam(), LossKind.Mse);
        var b = new QNetwork(Dqn2, 64, WeightInit.GlorotUniform, 42, null, LossKind.Huber);
        var c = new QNetwork(Dqn2, 8, WeightInit.GlorotUniform, 43, Data.Adam(), LossKind.Mse);
        Assert.True(Data.BitEqual(a.Parameters, b.Parameters));
        Assert.False(Data.BitEqual(a.Parameters, c.Parameters));
    }

    [Fact]
    public void Given_the_same_seed_and_data_when_training_twice_then_every_step_is_bit_identical()
    {
        float[] Run()
        {
            var net = new QNetwork(Dqn2, 64, WeightInit.GlorotUniform, 5, Data.Adam(), LossKind.Huber);
            var losses = new float[20];
            for (var step = 0; step < 20; step++)
                losses[step] = net.TrainStep(Data.Uniform(64 * 4, -2, 2, (ulong)step), Data.Ints(64, 2, (ulong)step), Data.Uniform(64, 0, 10, (ulong)step), 64);
            return [.. losses, .. net.Parameters];
        }

        Assert.True(Data.BitEqual(Run(), Run()));
    }

    public static TheoryData<string> VectorPaths()
    {
        var data = new TheoryData<string>();
        foreach (var path in new[] { KernelPath.Vector128, KernelPath.Avx2, KernelPath.Avx512 })
            if (KernelPaths.IsSupported(path)) data.Add(path.ToString());
        if (data.Count == 0) data.Add(nameof(KernelPath.Scalar));
        return data;
    }

    [Theory]
    [MemberData(nameof(VectorPaths))]
    public void Given_the_scalar_reference_kernels_when_a_vector_path_trains_the_same_network_then_losses_gradients_and_parameters_are_bit_identical(string pathName)
    {
        var path = Enum.Parse<KernelPath>(pathName);
        // Every optimizer, both losses, tanh and relu, a batch that is not a multiple of 16 and clipping.
        var cases = new (NetworkShape Shape, OptimizerSettings Optimizer, LossKind Loss, int Batch)[]
        {
            (Dqn2, new OptimizerSettings(OptimizerKind.Adam, 1e-3), LossKind.Mse, 37),
            (new NetworkShape(4, [120, 84], 2, Activation.Relu), new OptimizerSettings(OptimizerKind.Adam, 1e-3, ClipNorm: 0.5), LossKind.Huber, 64),
            (new NetworkShape(6, [19, 5], 3, Activation.Tanh), new OptimizerSettings(OptimizerKind.RmsProp, 1e-2, Epsilon: 1e-10, Momentum: 0.3), LossKind.Mse, 21),
            (new NetworkShape(4, [24, 24], 2, Activation.Linear), new OptimizerSettings(OptimizerKind.Sgd, 1e-2, Momentum: 0.9), LossKind.Huber, 5),
        };
        foreach (var (shape, optimizer, loss, batch) in cases)
        {
            float[] Run(KernelPath kernels)
            {
                var net = new QNetwork(shape, batch, WeightInit.GlorotUniform, 9, optimizer, loss) { Path = kernels };
                var trace = new List<float>();
                for (var step = 0; step < 5; step++)
                {
                    var states = Data.Uniform(batch * shape.Inputs, -2, 2, (ulong)(100 + step));
                    trace.Add(net.TrainStep(states, Data.Ints(batch, shape.Outputs, (ulong)step), Data.Uniform(batch, -3, 3, (ulong)step), batch));
                    trace.AddRange(net.Gradients);
                    var q = new float[batch * shape.Outputs];
                    net.Predict(states, batch, q);
                    trace.AddRange(q);
                    net.Predict(states, 1, q);
                    trace.AddRange(q);
                }

                trace.AddRange(net.Parameters);
                return [.. trace];
            }

            Assert.True(Data.BitEqual(Run(KernelPath.Scalar), Run(path)), $"{shape} {optimizer.Kind} {loss} batch {batch}");
        }
    }

    [Fact]
    public void Given_sixteen_lanes_when_summing_then_every_implementation_folds_them_in_the_documented_order()
    {
        // Values chosen so that different orders round differently.
        var v = new float[16];
        for (var i = 0; i < 16; i++) v[i] = (i % 3 == 0 ? 1e8f : 1f) * (1 + i * 0.1f) * (i % 2 == 0 ? 1 : -1);
        var expected = Scalar.Sum16(v);
        float[] h = new float[8];
        for (var i = 0; i < 8; i++) h[i] = v[i] + v[i + 8];
        for (var i = 0; i < 4; i++) h[i] = h[i] + h[i + 4];
        Assert.Equal((h[0] + h[2]) + (h[1] + h[3]), expected);
        Assert.Equal(expected, SumWith<LScalar>(v));
        if (L128x4.IsSupported) Assert.Equal(expected, SumWith<L128x4>(v));
        if (L256x2.IsSupported) Assert.Equal(expected, SumWith<L256x2>(v));
        if (L512.IsSupported) Assert.Equal(expected, SumWith<L512>(v));
    }

    /// <summary>
    /// Recorded on the reference machine (AVX-512). Any machine, with any kernel path, must give the
    /// same bits; run the tests with DOTNET_EnableAVX512=0, DOTNET_EnableAVX2=0 or
    /// DOTNET_EnableHWIntrinsic=0 to try the other paths. A change here means a change of numerics
    /// (kernels, optimizers, init or Lab.Core's Rng) and must be deliberate.
    /// </summary>
    [Theory]
    [InlineData(Activation.Relu, OptimizerKind.Adam, LossKind.Huber, 0x7265C1A1u)]
    [InlineData(Activation.Tanh, OptimizerKind.RmsProp, LossKind.Mse, 0xB765C9BAu)]
    [InlineData(Activation.Linear, OptimizerKind.Sgd, LossKind.Mse, 0x651A12AFu)]
    public void Given_a_fixed_seed_when_training_on_any_machine_then_the_parameters_equal_the_reference_machines_bit_for_bit(
        Activation activation, OptimizerKind kind, LossKind loss, uint expectedCrc)
    {
        // Also with a second core (SecondCore), which must not change a bit: the 64-sample steps are split.
        using var helper = new SecondCore();
        foreach (var withHelper in new[] { false, true })
        {
            var crc = TrainedCrc(activation, kind, loss, withHelper ? helper : null, out var path);
            Assert.True(crc == expectedCrc, $"CRC-32 0x{crc:X8}, the reference machine's is 0x{expectedCrc:X8} (kernels: {path}, second core: {withHelper})");
        }

        Assert.True(helper.Passes > 0);
    }

    private static uint TrainedCrc(Activation activation, OptimizerKind kind, LossKind loss, SecondCore? helper, out KernelPath path)
    {
        var shape = new NetworkShape(4, [32, 16, 8, 4], 2, activation);
        var settings = new OptimizerSettings(kind, 1e-2, Epsilon: 1e-7, Momentum: 0.5, ClipNorm: 5.0);
        var net = new QNetwork(shape, 64, WeightInit.GlorotUniform, 2024, settings, loss) { Helper = helper };
        path = net.Path;
        var q = new float[64 * 2];
        var trace = new List<float>();
        for (var step = 0; step < 10; step++)
        {
            var batch = step % 2 == 0 ? 37 : 64;
            var states = Data.Uniform(batch * 4, -2, 2, (ulong)(300 + step));
            trace.Add(net.TrainStep(states, Data.Ints(batch, 2, (ulong)step), Data.Uniform(batch, -5, 5, (ulong)step), batch));
            net.Predict(states, batch, q);
            trace.AddRange(q.AsSpan(0, batch * 2).ToArray());
        }

        trace.AddRange(net.Parameters);
        var bytes = new byte[trace.Count * 4];
        Buffer.BlockCopy(trace.ToArray(), 0, bytes, 0, bytes.Length);
        return Crc32.Compute(bytes);
    }

    private static unsafe float SumWith<TL>(float[] v) where TL : struct, ILanes<TL>
    {
        fixed (float* p = v) return TL.Sum(TL.Load(p));
    }
}
