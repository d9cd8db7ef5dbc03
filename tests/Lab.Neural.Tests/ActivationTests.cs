using Lab.Neural.Kernels;

namespace Lab.Neural.Tests;

public sealed class ActivationTests
{
    private static float[] Inputs()
    {
        var values = new List<float> { 0f, -0f, 1e-30f, -1e-30f, 0.0003f, 0.0004f, 0.0005f, 7.9f, 7.91f, 9f, 20f, -20f, float.MaxValue, float.MinValue, float.PositiveInfinity, float.NegativeInfinity, float.NaN, -float.NaN, BitConverter.UInt32BitsToSingle(0x7FC0_0001) };
        values.AddRange(Data.Uniform(4000, -10, 10, 1));
        values.AddRange(Data.Uniform(4000, -0.01, 0.01, 2));
        while (values.Count % 16 != 0) values.Add(0.5f);
        return [.. values];
    }

    [Fact]
    public void Given_the_tanh_approximation_when_compared_with_float64_tanh_then_it_is_within_3e_7_everywhere()
    {
        foreach (var x in Inputs().Where(x => !float.IsNaN(x)))
        {
            var exact = Math.Tanh(x);
            var approx = Scalar.Tanh(x);
            Assert.True(Math.Abs(approx - exact) <= 3e-7 * Math.Max(Math.Abs(exact), 1e-3) + 1e-45, $"tanh({x:R}) = {approx:R}, exact {exact:R}");
            Assert.True(Math.Abs(approx) <= 1f);
        }

        Assert.True(float.IsNaN(Scalar.Tanh(float.NaN)));
    }

    [Fact]
    public unsafe void Given_any_inputs_when_vector_kernels_apply_tanh_and_relu_then_they_equal_the_scalar_definitions_bit_for_bit()
    {
        var x = Inputs();
        var tanh = x.Select(Scalar.Tanh).ToArray();
        var relu = x.Select(Scalar.Relu).ToArray();
        foreach (var (name, apply) in new (string, Func<float[], bool, float[]>)[] { ("scalar", Apply<LScalar>), ("vector128", Apply<L128x4>), ("avx2", Apply<L256x2>), ("avx512", Apply<L512>) })
        {
            if (name == "vector128" && !L128x4.IsSupported || name == "avx2" && !L256x2.IsSupported || name == "avx512" && !L512.IsSupported) continue;
            Assert.True(Data.BitEqual(tanh, apply(x, true)), name);
            Assert.True(Data.BitEqual(relu, apply(x, false)), name);
        }

        Assert.Equal(0f, Scalar.Relu(float.NaN));
        Assert.True(BitConverter.SingleToInt32Bits(Scalar.Relu(-0f)) == 0);
    }

    private static unsafe float[] Apply<TL>(float[] x, bool tanh) where TL : struct, ILanes<TL>
    {
        var y = new float[x.Length];
        fixed (float* px = x)
        fixed (float* py = y)
            for (var i = 0; i < x.Length; i += 16) TL.Store(py + i, tanh ? TL.Tanh(TL.Load(px + i)) : TL.Relu(TL.Load(px + i)));
        return y;
    }
}
