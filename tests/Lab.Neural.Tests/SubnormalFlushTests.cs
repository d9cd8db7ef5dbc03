using Lab.Neural.Kernels;

namespace Lab.Neural.Tests;

/// <summary>
/// The optimizers store their running moments flushed: a moment that would be subnormal is stored as a
/// zero of its sign (docs/NEURAL.md, "Subnormal moments"). Expected values are worked out by hand from
/// 2^−126, the smallest normal float32.
/// </summary>
public sealed class SubnormalFlushTests
{
    private static readonly float SmallestNormal = BitConverter.UInt32BitsToSingle(0x0080_0000);  // 2^−126
    private static readonly float LargestSubnormal = BitConverter.UInt32BitsToSingle(0x007F_FFFF);
    private static readonly float SmallestSubnormal = BitConverter.UInt32BitsToSingle(0x0000_0001); // 2^−149

    [Fact]
    public void Given_each_kind_of_float_when_flushed_then_only_subnormals_change_and_they_keep_their_sign()
    {
        (float In, uint OutBits)[] cases =
        [
            (SmallestSubnormal, 0x0000_0000), (-SmallestSubnormal, 0x8000_0000),
            (LargestSubnormal, 0x0000_0000), (-LargestSubnormal, 0x8000_0000),
            (0f, 0x0000_0000), (-0f, 0x8000_0000),
            (SmallestNormal, 0x0080_0000), (-SmallestNormal, 0x8080_0000),
            (1f, 0x3F80_0000), (float.MaxValue, 0x7F7F_FFFF),
            (float.PositiveInfinity, 0x7F80_0000), (float.NegativeInfinity, 0xFF80_0000),
        ];
        foreach (var (x, expected) in cases)
            Assert.Equal(expected, BitConverter.SingleToUInt32Bits(Scalar.FlushSubnormal(x)));
        Assert.True(float.IsNaN(Scalar.FlushSubnormal(float.NaN)));
    }

    [Fact]
    public void Given_any_floats_when_every_lane_path_flushes_them_then_it_equals_the_scalar_definition_bit_for_bit()
    {
        var rng = new Random(17);
        var x = new float[4096];
        for (var i = 0; i < x.Length; i++) x[i] = BitConverter.UInt32BitsToSingle((uint)rng.NextInt64(0, 1L << 32) >> (i % 3 == 0 ? 6 : 0));
        var expected = x.Select(Scalar.FlushSubnormal).ToArray();
        Assert.Contains(x, v => float.IsSubnormal(v));
        foreach (var path in Enum.GetValues<KernelPath>())
        {
            if (!KernelPaths.IsSupported(path)) continue;
            var y = path switch
            {
                KernelPath.Avx512 => Flush<L512>(x),
                KernelPath.Avx2 => Flush<L256x2>(x),
                KernelPath.Vector128 => Flush<L128x4>(x),
                _ => Flush<LScalar>(x),
            };
            Assert.True(Data.BitEqual(expected, y), path.ToString());
        }
    }

    /// <summary>
    /// 19 parameters (one vector of 16 and a scalar tail of 3) with g = 0 and moments of 2^−126: one
    /// step multiplies each moment by 0.9 (Adam's m, RMSProp's ms, ρ = 0.9) or 0.5 (momentum) in exact
    /// arithmetic, which is subnormal, so the step stores ±0. Adam's v (β2 = 0.999) is also subnormal
    /// after one step; θ, divided by sqrt(v) + ε, does not move.
    /// </summary>
    [Theory]
    [InlineData(OptimizerKind.Adam)]
    [InlineData(OptimizerKind.RmsProp)]
    [InlineData(OptimizerKind.Sgd)]
    public void Given_moments_at_the_smallest_normal_and_no_gradient_when_one_step_runs_then_they_are_stored_as_signed_zeros(OptimizerKind kind)
    {
        foreach (var path in Enum.GetValues<KernelPath>())
        {
            if (!KernelPaths.IsSupported(path)) continue;
            const int n = 19;
            var theta = Enumerable.Range(0, n).Select(i => 0.25f * (i + 1)).ToArray();
            var g = new float[n];
            var first = Enumerable.Range(0, n).Select(i => i % 2 == 0 ? SmallestNormal : -SmallestNormal).ToArray();
            var second = Enumerable.Range(0, n).Select(i => kind == OptimizerKind.RmsProp ? 0f : i % 2 == 0 ? SmallestNormal : -SmallestNormal).ToArray();
            if (kind == OptimizerKind.Adam) second = Enumerable.Repeat(SmallestNormal, n).ToArray(); // v ≥ 0
            var before = (float[])theta.Clone();
            Step(path, kind, theta, g, first, second);

            for (var i = 0; i < n; i++)
            {
                var zero = i % 2 == 0 ? 0x0000_0000u : 0x8000_0000u;
                Assert.True(zero == BitConverter.SingleToUInt32Bits(first[i]), $"{path} {kind}: first moment {i} is {first[i]:R}");
                if (kind == OptimizerKind.Adam)
                    Assert.True(BitConverter.SingleToUInt32Bits(second[i]) == 0u, $"{path}: v {i} is {second[i]:R}");
                else if (kind == OptimizerKind.RmsProp)
                    Assert.True(BitConverter.SingleToUInt32Bits(second[i]) == 0u, $"{path}: mom {i} is {second[i]:R}");
                Assert.Equal(before[i], theta[i]);
            }
        }
    }

    [Fact]
    public void Given_a_normal_moment_when_adam_steps_then_it_follows_the_unflushed_rule()
    {
        // m = 1, v = 1, g = 0, c1 = 0.1, c2 = 0.001: m = 1 + (0 − 1)·0.1 = 0.9, v = 0.999, θ = 1 − 0.9·0.5/(sqrt(0.999) + 0)
        float[] theta = [1f], g = [0f], m = [1f], v = [1f];
        unsafe
        {
            fixed (float* pt = theta, pg = g, pm = m, pv = v)
                Kernels<LScalar>.Adam(pt, pg, pm, pv, 1, 0.1f, 0.001f, 0.5f, 0f);
        }

        Assert.Equal(1f + (0f - 1f) * 0.1f, m[0]);
        Assert.Equal(1f + (0f - 1f) * 0.001f, v[0]);
        Assert.Equal(1f - m[0] * 0.5f / MathF.Sqrt(v[0]), theta[0]);
    }

    private static unsafe void Step(KernelPath path, OptimizerKind kind, float[] theta, float[] g, float[] first, float[] second)
    {
        fixed (float* pt = theta, pg = g, p1 = first, p2 = second)
        {
            switch (path)
            {
                case KernelPath.Avx512: Step<L512>(kind, pt, pg, p1, p2, theta.Length); break;
                case KernelPath.Avx2: Step<L256x2>(kind, pt, pg, p1, p2, theta.Length); break;
                case KernelPath.Vector128: Step<L128x4>(kind, pt, pg, p1, p2, theta.Length); break;
                default: Step<LScalar>(kind, pt, pg, p1, p2, theta.Length); break;
            }
        }
    }

    private static unsafe void Step<TL>(OptimizerKind kind, float* theta, float* g, float* first, float* second, int n) where TL : struct, ILanes<TL>
    {
        switch (kind)
        {
            case OptimizerKind.Adam: Kernels<TL>.Adam(theta, g, first, second, n, 0.1f, 0.001f, 0.001f, 1e-7f); break;
            case OptimizerKind.RmsProp: Kernels<TL>.RmsProp(theta, g, first, second, n, 0.1f, 0.01f, 0.5f, 1e-10f); break;
            default: Kernels<TL>.Momentum(theta, g, first, n, 0.5f, 0.01f); break;
        }
    }

    private static unsafe float[] Flush<TL>(float[] x) where TL : struct, ILanes<TL>
    {
        var y = new float[x.Length];
        fixed (float* px = x, py = y)
            for (var i = 0; i < x.Length; i += 16) TL.Store(py + i, TL.FlushSubnormal(TL.Load(px + i)));
        return y;
    }
}
