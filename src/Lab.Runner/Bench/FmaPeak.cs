using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Lab.Runner.Bench;

/// <summary>
/// The float32 FLOP peak of one core, measured: twelve independent chains of fused multiply-adds on
/// the widest vectors the kernels use (16 lanes with AVX-512, else 8), enough to cover the FMA
/// latency (4 cycles) on two FMA units. Also the clock, from a chain of dependent one-cycle integer
/// operations. Peak = FMA units × lanes × 2 FLOP × clock; on Zen 5 with AVX-512 that is 64 FLOP per
/// cycle. The best of several short rounds of thread CPU time (see <see cref="ThreadClock"/>).
/// </summary>
internal static class FmaPeak
{
    private const long Iterations = 4_000_000;

    public static (double FlopsPerSecond, double ClockHz, int Lanes) Measure(int rounds = 9)
    {
        var wide = Vector512.IsHardwareAccelerated;
        var lanes = wide ? 16 : 8;
        double best = 0, clock = 0;
        Chains512(1000);
        Chains256(1000);
        AddChain(1000);
        for (var round = 0; round < rounds; round++)
        {
            var start = ThreadClock.Seconds();
            var sink = wide ? Chains512(Iterations)[0] : Chains256(Iterations)[0];
            var seconds = ThreadClock.Seconds() - start;
            best = Math.Max(best, 12.0 * Iterations * lanes * 2 / seconds);
            start = ThreadClock.Seconds();
            var chain = AddChain(Iterations * 4);
            clock = Math.Max(clock, 4.0 * Iterations / (ThreadClock.Seconds() - start));
            GC.KeepAlive(sink + chain);
        }

        return (best, clock, lanes);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static Vector512<float> Chains512(long n)
    {
        var a = Vector512.Create(0.999f);
        var b = Vector512.Create(0.001f);
        Vector512<float> c0 = b, c1 = b, c2 = b, c3 = b, c4 = b, c5 = b, c6 = b, c7 = b, c8 = b, c9 = b, c10 = b, c11 = b;
        for (long i = 0; i < n; i++)
        {
            c0 = Vector512.FusedMultiplyAdd(a, c0, b); c1 = Vector512.FusedMultiplyAdd(a, c1, b); c2 = Vector512.FusedMultiplyAdd(a, c2, b);
            c3 = Vector512.FusedMultiplyAdd(a, c3, b); c4 = Vector512.FusedMultiplyAdd(a, c4, b); c5 = Vector512.FusedMultiplyAdd(a, c5, b);
            c6 = Vector512.FusedMultiplyAdd(a, c6, b); c7 = Vector512.FusedMultiplyAdd(a, c7, b); c8 = Vector512.FusedMultiplyAdd(a, c8, b);
            c9 = Vector512.FusedMultiplyAdd(a, c9, b); c10 = Vector512.FusedMultiplyAdd(a, c10, b); c11 = Vector512.FusedMultiplyAdd(a, c11, b);
        }

        return c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11;
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static Vector256<float> Chains256(long n)
    {
        var a = Vector256.Create(0.999f);
        var b = Vector256.Create(0.001f);
        Vector256<float> c0 = b, c1 = b, c2 = b, c3 = b, c4 = b, c5 = b, c6 = b, c7 = b, c8 = b, c9 = b, c10 = b, c11 = b;
        for (long i = 0; i < n; i++)
        {
            c0 = Vector256.FusedMultiplyAdd(a, c0, b); c1 = Vector256.FusedMultiplyAdd(a, c1, b); c2 = Vector256.FusedMultiplyAdd(a, c2, b);
            c3 = Vector256.FusedMultiplyAdd(a, c3, b); c4 = Vector256.FusedMultiplyAdd(a, c4, b); c5 = Vector256.FusedMultiplyAdd(a, c5, b);
            c6 = Vector256.FusedMultiplyAdd(a, c6, b); c7 = Vector256.FusedMultiplyAdd(a, c7, b); c8 = Vector256.FusedMultiplyAdd(a, c8, b);
            c9 = Vector256.FusedMultiplyAdd(a, c9, b); c10 = Vector256.FusedMultiplyAdd(a, c10, b); c11 = Vector256.FusedMultiplyAdd(a, c11, b);
        }

        return c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11;
    }

    /// <summary>Four dependent one-cycle operations per iteration (the loop counter runs beside them).</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static long AddChain(long n)
    {
        long x = 1;
        for (long i = 0; i < n / 4; i++)
        {
            x += i;
            x ^= 3;
            x += 5;
            x ^= 7;
        }

        return x;
    }
}
