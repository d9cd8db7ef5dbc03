using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
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
    public static bool SimdSupported => Vector256.IsHardwareAccelerated && Fma.IsSupported;

    public static void Layer(float* x, float* w, float* b, int ins, int outs, float* y, Epilogue epilogue, bool simd)
    {
        var j = 0;
        if (simd)
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

            for (; j + 4 <= outs; j += 4)
            {
                var a0 = Vector128.Load(b + j);
                var wk = w + j;
                for (var k = 0; k < ins; k++, wk += outs) a0 = Vector128.FusedMultiplyAdd(Vector128.Create(x[k]), Vector128.Load(wk), a0);
                for (var i = 0; i < 4; i++) y[j + i] = Act(a0.GetElement(i), epilogue);
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
    private static float Act(float v, Epilogue epilogue) => epilogue switch
    {
        Epilogue.Relu => Scalar.Relu(v),
        Epilogue.Tanh => Scalar.Tanh(v),
        _ => v,
    };
}
