using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Lab.Neural.Kernels;

/// <summary>
/// Between the caller's row-major batches (sample by sample) and the kernels' feature-major
/// matrices (unit by unit). Pure data movement: the values are copied, never computed. CartPole's
/// 4 inputs and 2 actions move 16 samples at a time through AVX-512 permutes; other sizes go one by one.
/// </summary>
internal static unsafe class Transpose
{
    private static readonly bool Avx512 = Avx512F.IsSupported;

    /// <summary>x[k·ld + i] = states[i·ins + k] for i &lt; batch; zero for batch ≤ i &lt; ld.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ToColumns(float* states, int batch, int ins, float* x, int ld)
    {
        var i = 0;
        if (Avx512 && ins == 4)
        {
            // 16 samples = 64 floats in 4 registers; row k takes every 4th float from offset k.
            var pick0 = Vector512.Create(0, 4, 8, 12, 16, 20, 24, 28, 0, 4, 8, 12, 16, 20, 24, 28);
            var one = Vector512.Create(1);
            for (; i + 16 <= batch; i += 16)
            {
                var s = states + i * 4;
                Vector512<float> a = Vector512.Load(s), b = Vector512.Load(s + 16), c = Vector512.Load(s + 32), d = Vector512.Load(s + 48);
                var pick = pick0;
                for (var k = 0; k < 4; k++, pick += one)
                {
                    var low = Avx512F.PermuteVar16x32x2(a, pick, b);   // samples 0–7 (twice)
                    var high = Avx512F.PermuteVar16x32x2(c, pick, d);  // samples 8–15 (twice)
                    Avx512F.Shuffle4x128(low, high, 0x44).Store(x + k * ld + i);
                }
            }
        }

        for (; i < batch; i++)
        {
            var row = states + i * ins;
            for (var k = 0; k < ins; k++) x[k * ld + i] = row[k];
        }

        if (batch < ld)
            for (var k = 0; k < ins; k++) new Span<float>(x + k * ld + batch, ld - batch).Clear();
    }

    /// <summary>q[i·outs + j] = y[j·ld + i] for i &lt; batch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ToRows(float* y, int batch, int outs, float* q, int ld)
    {
        var i = 0;
        if (Avx512 && outs == 2)
        {
            var low = Vector512.Create(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
            var high = Vector512.Create(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
            for (; i + 16 <= batch; i += 16)
            {
                Vector512<float> a = Vector512.Load(y + i), b = Vector512.Load(y + ld + i);
                Avx512F.PermuteVar16x32x2(a, low, b).Store(q + 2 * i);
                Avx512F.PermuteVar16x32x2(a, high, b).Store(q + 2 * i + 16);
            }
        }

        for (; i < batch; i++)
            for (var j = 0; j < outs; j++) q[i * outs + j] = y[j * ld + i];
    }
}
