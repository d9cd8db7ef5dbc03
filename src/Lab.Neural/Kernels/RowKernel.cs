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
    /// <summary>2: 8- and 4-lane registers with FMA (AVX2); 1: 4-lane registers with FMA (NEON, or x64 FMA3); 0: scalar.</summary>
    public static int Level { get; } =
        Vector256.IsHardwareAccelerated && Fma.IsSupported ? 2
        : Vector128.IsHardwareAccelerated && (Fma.IsSupported || AdvSimd.Arm64.IsSupported) ? 1
        : 0;

    /// <param name="level">At most <see cref="Level"/>: the widest registers to use.</param>
    public static void Layer(float* x, float* w, float* b, int ins, int outs, float* y, Epilogue epilogue, int level)
    {
        var j = 0;
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

                Act(a0, epilogue).Store(y + j);
                Act(a1, epilogue).Store(y + j + 8);
                Act(a2, epilogue).Store(y + j + 16);
                Act(a3, epilogue).Store(y + j + 24);
            }

            for (; j + 8 <= outs; j += 8)
            {
                var a0 = Vector256.Load(b + j);
                var wk = w + j;
                for (var k = 0; k < ins; k++, wk += outs) a0 = Vector256.FusedMultiplyAdd(Vector256.Create(x[k]), Vector256.Load(wk), a0);
                Act(a0, epilogue).Store(y + j);
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

                Act(a0, epilogue).Store(y + j);
                Act(a1, epilogue).Store(y + j + 4);
                Act(a2, epilogue).Store(y + j + 8);
                Act(a3, epilogue).Store(y + j + 12);
            }

            for (; j + 4 <= outs; j += 4)
            {
                var a0 = Vector128.Load(b + j);
                var wk = w + j;
                for (var k = 0; k < ins; k++, wk += outs) a0 = Vector128.FusedMultiplyAdd(Vector128.Create(x[k]), Vector128.Load(wk), a0);
                Act(a0, epilogue).Store(y + j);
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Act(Vector256<float> v, Epilogue epilogue) => epilogue switch
    {
        Epilogue.Relu => v & Vector256.GreaterThan(v, Vector256<float>.Zero),
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
