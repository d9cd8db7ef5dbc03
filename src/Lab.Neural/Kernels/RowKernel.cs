using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Lab.Neural.Kernels;

/// <summary>
/// One sample through one layer, the outputs in the lanes: y[j] = act(b[j] + Σ_k x[k]·W[k, j]),
/// one fused multiply-add per k in ascending k: the same operations, in the same order, as
/// <see cref="Kernels{TL}.Gemm"/> performs for a column of a batch, so a row predicted alone
/// equals the same row predicted in any batch, bit for bit.
/// </summary>
internal static unsafe class RowKernel
{
    /// <summary>
    /// 3: 16-lane registers as well (AVX-512); 2: 8- and 4-lane registers with FMA (AVX2); 1: 4-lane
    /// registers with FMA (NEON, or x64 FMA3); 0: scalar.
    /// </summary>
    public static int Level { get; } =
        Vector512.IsHardwareAccelerated && Avx512F.IsSupported ? 3
        : Vector256.IsHardwareAccelerated && Fma.IsSupported ? 2
        : Vector128.IsHardwareAccelerated && (Fma.IsSupported || AdvSimd.Arm64.IsSupported) ? 1
        : 0;

    /// <summary>The inputs from which a layer of fewer than 16 outputs runs as one masked chain.</summary>
    private const int MaskedAloneFrom = 32;

    /// <param name="y">Room for outs rounded up to a multiple of 16: the last chain stores whole vectors
    /// (zeros past outs), so that the loads of the next layer, or the copy out, need not wait for a masked
    /// store to reach the cache (slower on some CPUs).</param>
    /// <param name="level">At most <see cref="Level"/>: the widest registers to use.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Layer(float* x, float* w, float* b, int ins, int outs, float* y, Epilogue epilogue, int level)
    {
        var j = 0;
        if (level >= 3)
        {
            // Up to eight 16-lane chains side by side: one sample's sums are chains of dependent
            // multiply-adds, so the more outputs advance together, the less each waits on the one before.
            // The last 1 to 15 outputs join the last call as one more chain through masked loads, rather
            // than run their own 8-lane, 4-lane or scalar chains after it (4-120-84-2's 84 = 5 × 16 + 4).
            // Fewer than 16 outputs in all take one masked chain only when the chains it replaces are long
            // (CleanRL's 84 → 2): over a few inputs the call costs more than it saves (4-32-16-8-4-2).
            while (j < outs)
            {
                var rest = outs - j;
                var n = Math.Min(8, rest / 16);
                if (n == 0 && j == 0 && ins < MaskedAloneFrom) break;
                var tail = n < 8 ? rest - 16 * n : 0;
                if (tail == 0) Chains<NoTail>(n, x, w + j, b + j, ins, outs, y + j, epilogue, default);
                else Chains<Tail>(n, x, w + j, b + j, ins, outs, y + j, epilogue, TailMask(tail));
                j += 16 * n + tail;
            }
        }

        if (level >= 2)
        {
            for (; j + 32 <= outs; j += 32)
            {
                Vector256<float> a0 = Vector256.Load(b + j), a1 = Vector256.Load(b + j + 8), a2 = Vector256.Load(b + j + 16), a3 = Vector256.Load(b + j + 24);
                var wk = w + j;
                for (var k = 0; k < ins; k++, wk += outs)
                {
                    var xk = Vector256.Create(x[k]);
                    a0 = Vector256.FusedMultiplyAdd(xk, Vector256.Load(wk), a0);
                    a1 = Vector256.FusedMultiplyAdd(xk, Vector256.Load(wk + 8), a1);
                    a2 = Vector256.FusedMultiplyAdd(xk, Vector256.Load(wk + 16), a2);
                    a3 = Vector256.FusedMultiplyAdd(xk, Vector256.Load(wk + 24), a3);
                }

                a0.Store(y + j);
                a1.Store(y + j + 8);
                a2.Store(y + j + 16);
                a3.Store(y + j + 24);
                Activate256(y + j, 32, epilogue);
            }

            for (; j + 8 <= outs; j += 8)
            {
                var a0 = Vector256.Load(b + j);
                var wk = w + j;
                for (var k = 0; k < ins; k++, wk += outs) a0 = Vector256.FusedMultiplyAdd(Vector256.Create(x[k]), Vector256.Load(wk), a0);
                a0.Store(y + j);
                Activate256(y + j, 8, epilogue);
            }
        }

        if (level >= 1)
        {
            for (; j + 16 <= outs; j += 16)
            {
                Vector128<float> a0 = Vector128.Load(b + j), a1 = Vector128.Load(b + j + 4), a2 = Vector128.Load(b + j + 8), a3 = Vector128.Load(b + j + 12);
                var wk = w + j;
                for (var k = 0; k < ins; k++, wk += outs)
                {
                    var xk = Vector128.Create(x[k]);
                    a0 = Vector128.FusedMultiplyAdd(xk, Vector128.Load(wk), a0);
                    a1 = Vector128.FusedMultiplyAdd(xk, Vector128.Load(wk + 4), a1);
                    a2 = Vector128.FusedMultiplyAdd(xk, Vector128.Load(wk + 8), a2);
                    a3 = Vector128.FusedMultiplyAdd(xk, Vector128.Load(wk + 12), a3);
                }

                a0.Store(y + j);
                a1.Store(y + j + 4);
                a2.Store(y + j + 8);
                a3.Store(y + j + 12);
                Activate128(y + j, 16, epilogue);
            }

            for (; j + 4 <= outs; j += 4)
            {
                var a0 = Vector128.Load(b + j);
                var wk = w + j;
                for (var k = 0; k < ins; k++, wk += outs) a0 = Vector128.FusedMultiplyAdd(Vector128.Create(x[k]), Vector128.Load(wk), a0);
                a0.Store(y + j);
                Activate128(y + j, 4, epilogue);
            }
        }

        for (; j < outs; j++)
        {
            var acc = b[j];
            var wk = w + j;
            for (var k = 0; k < ins; k++, wk += outs) acc = Scalar.Fma(x[k], *wk, acc);
            y[j] = Act(acc, epilogue);
        }
    }

    private static void Chains<TT>(int n, float* x, float* w, float* b, int ins, nint outs, float* y, Epilogue epilogue,
        Vector512<float> mask) where TT : struct, ITail
    {
        switch (n)
        {
            case 8: Wide<Eight, TT>(x, w, b, ins, outs, y, epilogue, mask); break;
            case 7: Wide<Seven, TT>(x, w, b, ins, outs, y, epilogue, mask); break;
            case 6: Wide<Six, TT>(x, w, b, ins, outs, y, epilogue, mask); break;
            case 5: Wide<Five, TT>(x, w, b, ins, outs, y, epilogue, mask); break;
            case 4: Wide<Four, TT>(x, w, b, ins, outs, y, epilogue, mask); break;
            case 3: Wide<Three, TT>(x, w, b, ins, outs, y, epilogue, mask); break;
            case 2: Wide<Two, TT>(x, w, b, ins, outs, y, epilogue, mask); break;
            case 1: Wide<One, TT>(x, w, b, ins, outs, y, epilogue, mask); break;
            default: Wide<Zero, TT>(x, w, b, ins, outs, y, epilogue, mask); break;
        }
    }

    /// <summary>All lanes below <paramref name="lanes"/> set.</summary>
    private static Vector512<float> TailMask(int lanes) =>
        Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(lanes)).AsSingle();

    /// <summary>
    /// 16·n outputs (n = <typeparamref name="TN"/>.Count, 0 to 8), each one chain over k in ascending
    /// order; with <typeparamref name="TT"/> = <see cref="Tail"/>, the outputs in <paramref name="mask"/>'s
    /// lanes after them as one more chain (masked loads read nothing past the layer's weights), stored
    /// whole. n and the tail are types so that the JIT compiles one loop per case with no branch in it:
    /// with n a value, it kept the accumulators on the stack across the branches (a store and a load in
    /// every chain's every step, about 3× the time).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Wide<TN, TT>(float* x, float* w, float* b, int ins, nint outs, float* y, Epilogue epilogue,
        Vector512<float> mask)
        where TN : struct, ICount where TT : struct, ITail
    {
        var n = TN.Count;
        var t = 16 * n;
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default, at = default;
        if (n > 0) a0 = Vector512.Load(b);
        if (n > 1) a1 = Vector512.Load(b + 16);
        if (n > 2) a2 = Vector512.Load(b + 32);
        if (n > 3) a3 = Vector512.Load(b + 48);
        if (n > 4) a4 = Vector512.Load(b + 64);
        if (n > 5) a5 = Vector512.Load(b + 80);
        if (n > 6) a6 = Vector512.Load(b + 96);
        if (n > 7) a7 = Vector512.Load(b + 112);
        if (TT.Has) at = Avx512F.MaskLoad(b + t, mask, Vector512<float>.Zero);
        for (var k = 0; k < ins; k++, w += outs)
        {
            var xk = Vector512.Create(x[k]);
            if (TT.Has) at = Vector512.FusedMultiplyAdd(xk, Avx512F.MaskLoad(w + t, mask, Vector512<float>.Zero), at);
            if (n > 0)
            {
                a0 = Vector512.FusedMultiplyAdd(xk, Vector512.Load(w), a0);
                if (n > 1)
                {
                    a1 = Vector512.FusedMultiplyAdd(xk, Vector512.Load(w + 16), a1);
                    if (n > 2)
                    {
                        a2 = Vector512.FusedMultiplyAdd(xk, Vector512.Load(w + 32), a2);
                        if (n > 3)
                        {
                            a3 = Vector512.FusedMultiplyAdd(xk, Vector512.Load(w + 48), a3);
                            if (n > 4)
                            {
                                a4 = Vector512.FusedMultiplyAdd(xk, Vector512.Load(w + 64), a4);
                                if (n > 5)
                                {
                                    a5 = Vector512.FusedMultiplyAdd(xk, Vector512.Load(w + 80), a5);
                                    if (n > 6)
                                    {
                                        a6 = Vector512.FusedMultiplyAdd(xk, Vector512.Load(w + 96), a6);
                                        if (n > 7) a7 = Vector512.FusedMultiplyAdd(xk, Vector512.Load(w + 112), a7);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }

        if (n > 0) a0.Store(y);
        if (n > 1) a1.Store(y + 16);
        if (n > 2) a2.Store(y + 32);
        if (n > 3) a3.Store(y + 48);
        if (n > 4) a4.Store(y + 64);
        if (n > 5) a5.Store(y + 80);
        if (n > 6) a6.Store(y + 96);
        if (n > 7) a7.Store(y + 112);
        if (TT.Has) at.Store(y + t);
        Activate512(y, TT.Has ? t + 16 : t, epilogue);
    }

    // The sums are stored before the activation is applied in place: the activation may be a call
    // (tanh), which clobbers every vector register, and with an accumulator live across it the JIT
    // kept the accumulators on the stack inside the loop over k.
    private static void Activate512(float* y, int count, Epilogue epilogue)
    {
        if (epilogue == Epilogue.None) return;
        for (var c = 0; c < count; c += 16) Act(Vector512.Load(y + c), epilogue).Store(y + c);
    }

    private static void Activate256(float* y, int count, Epilogue epilogue)
    {
        if (epilogue == Epilogue.None) return;
        for (var c = 0; c < count; c += 8) Act(Vector256.Load(y + c), epilogue).Store(y + c);
    }

    private static void Activate128(float* y, int count, Epilogue epilogue)
    {
        if (epilogue == Epilogue.None) return;
        for (var c = 0; c < count; c += 4) Act(Vector128.Load(y + c), epilogue).Store(y + c);
    }

    /// <summary>A count known when the JIT compiles a generic method for it.</summary>
    private interface ICount
    {
        static abstract int Count { get; }
    }

    private struct Zero : ICount { public static int Count => 0; }
    private struct One : ICount { public static int Count => 1; }
    private struct Two : ICount { public static int Count => 2; }
    private struct Three : ICount { public static int Count => 3; }
    private struct Four : ICount { public static int Count => 4; }
    private struct Five : ICount { public static int Count => 5; }
    private struct Six : ICount { public static int Count => 6; }
    private struct Seven : ICount { public static int Count => 7; }
    private struct Eight : ICount { public static int Count => 8; }

    /// <summary>Whether <see cref="Wide{TN, TT}"/> runs a masked chain after its whole vectors.</summary>
    private interface ITail
    {
        static abstract bool Has { get; }
    }

    private struct NoTail : ITail { public static bool Has => false; }
    private struct Tail : ITail { public static bool Has => true; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Act(Vector512<float> v, Epilogue epilogue) => epilogue switch
    {
        Epilogue.Relu => L512.Relu16(v),
        Epilogue.Tanh => L512.Tanh16(v),
        _ => v,
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Act(Vector256<float> v, Epilogue epilogue) => epilogue switch
    {
        Epilogue.Relu => Avx.IsSupported ? L256x2.Relu8(v) : v & Vector256.GreaterThan(v, Vector256<float>.Zero),
        Epilogue.Tanh => L256x2.Tanh8(v),
        _ => v,
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Act(Vector128<float> v, Epilogue epilogue) => epilogue switch
    {
        Epilogue.Relu => v & Vector128.GreaterThan(v, Vector128<float>.Zero),
        Epilogue.Tanh => L128x4.Tanh4(v),
        _ => v,
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Act(float v, Epilogue epilogue) => epilogue switch
    {
        Epilogue.Relu => Scalar.Relu(v),
        Epilogue.Tanh => Scalar.Tanh(v),
        _ => v,
    };
}
