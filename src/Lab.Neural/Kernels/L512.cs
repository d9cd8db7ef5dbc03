using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Lab.Neural.Kernels;

/// <summary>Sixteen lanes in one AVX-512 register.</summary>
internal readonly unsafe struct L512 : ILanes<L512>
{
    private readonly Vector512<float> v;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private L512(Vector512<float> value) => v = value;

    public static bool IsSupported => Vector512.IsHardwareAccelerated && Avx512F.IsSupported;

    public static bool Wide => true;

    public static L512 Zero
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => new(Vector512<float>.Zero);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static L512 Load(float* p) => new(Vector512.Load(p));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(float* p, L512 value) => value.v.Store(p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static L512 Splat(float x) => new(Vector512.Create(x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static L512 Fma(L512 a, L512 b, L512 c) => new(Vector512.FusedMultiplyAdd(a.v, b.v, c.v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static L512 Add(L512 a, L512 b) => new(a.v + b.v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static L512 Sub(L512 a, L512 b) => new(a.v - b.v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static L512 Mul(L512 a, L512 b) => new(a.v * b.v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static L512 Div(L512 a, L512 b) => new(a.v / b.v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static L512 Sqrt(L512 a) => new(Vector512.Sqrt(a.v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static L512 Relu(L512 x) => new(Relu16(x.v));

    /// <summary>
    /// x &gt; 0 ? x : 0 in one instruction: MAXPS returns its second operand unless the first is greater,
    /// so NaN and −0 give +0 exactly as <see cref="Scalar.Relu"/> (a compare and a mask took three).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> Relu16(Vector512<float> x) => Avx512F.Max(x, Vector512<float>.Zero);

    /// <summary>A compare into a mask register and a zeroing blend.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static L512 WhereYPositive(L512 d, L512 y) =>
        new(Vector512.ConditionalSelect(Vector512.GreaterThan(y.v, Vector512<float>.Zero), d.v, Vector512<float>.Zero));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static L512 FlushSubnormal(L512 x)
    {
        var bits = x.v.AsUInt32();
        var tiny = Vector512.Equals(bits & Vector512.Create(Scalar.ExponentBits), Vector512<uint>.Zero);
        return new(Vector512.ConditionalSelect(tiny, bits & Vector512.Create(Scalar.SignBit), bits).AsSingle());
    }

    public static L512 Tanh(L512 value) => new(Tanh16(value.v));

    /// <summary><see cref="Scalar.Tanh"/> on sixteen lanes (also used by the one-row path).</summary>
    internal static Vector512<float> Tanh16(Vector512<float> x)
    {
        var tiny = Vector512.LessThan(Vector512.Abs(x), Vector512.Create(Scalar.TanhTiny));
        var hi = Vector512.Create(Scalar.TanhClamp);
        var lo = Vector512.Create(-Scalar.TanhClamp);
        var c = Vector512.ConditionalSelect(Vector512.GreaterThan(x, hi), hi, Vector512.ConditionalSelect(Vector512.LessThan(x, lo), lo, x));
        var x2 = c * c;
        var p = Vector512.FusedMultiplyAdd(x2, Vector512.Create(Scalar.A13), Vector512.Create(Scalar.A11));
        p = Vector512.FusedMultiplyAdd(x2, p, Vector512.Create(Scalar.A9));
        p = Vector512.FusedMultiplyAdd(x2, p, Vector512.Create(Scalar.A7));
        p = Vector512.FusedMultiplyAdd(x2, p, Vector512.Create(Scalar.A5));
        p = Vector512.FusedMultiplyAdd(x2, p, Vector512.Create(Scalar.A3));
        p = Vector512.FusedMultiplyAdd(x2, p, Vector512.Create(Scalar.A1));
        p = c * p;
        var q = Vector512.FusedMultiplyAdd(x2, Vector512.Create(Scalar.B6), Vector512.Create(Scalar.B4));
        q = Vector512.FusedMultiplyAdd(x2, q, Vector512.Create(Scalar.B2));
        q = Vector512.FusedMultiplyAdd(x2, q, Vector512.Create(Scalar.B0));
        return Vector512.ConditionalSelect(tiny, x, p / q);
    }

    /// <summary>
    /// The sixteen sums of a 4×4 block folded together, 15 additions and 30 shuffles instead of 16
    /// separate reductions, each sum in exactly the order of <see cref="Sum"/>:
    /// (1) h = lower 8 lanes + upper 8 lanes, two accumulators per register;
    /// (2) q = h[0..3] + h[4..7], four accumulators per register;
    /// (3) p = q[0..1] + q[2..3]; (4) p[0] + p[1]. The result holds the block transposed
    /// (128-bit lane j = column j), so one permute turns it into rows.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreSums4x4(float* dst, nint stride,
        L512 c00, L512 c01, L512 c02, L512 c03, L512 c10, L512 c11, L512 c12, L512 c13,
        L512 c20, L512 c21, L512 c22, L512 c23, L512 c30, L512 c31, L512 c32, L512 c33)
    {
        var r0 = Fold4(c00.v, c01.v, c02.v, c03.v);
        var r1 = Fold4(c10.v, c11.v, c12.v, c13.v);
        var r2 = Fold4(c20.v, c21.v, c22.v, c23.v);
        var r3 = Fold4(c30.v, c31.v, c32.v, c33.v);
        // (3) per 128-bit lane j: [p0(r0_j), p1(r0_j), p0(r1_j), p1(r1_j)]
        var w01 = Avx512F.Shuffle(r0, r1, 0x44) + Avx512F.Shuffle(r0, r1, 0xEE);
        var w23 = Avx512F.Shuffle(r2, r3, 0x44) + Avx512F.Shuffle(r2, r3, 0xEE);
        // (4) per 128-bit lane j: [S(c0j), S(c1j), S(c2j), S(c3j)]
        var s = Avx512F.Shuffle(w01, w23, 0x88) + Avx512F.Shuffle(w01, w23, 0xDD);
        var rows = Avx512F.PermuteVar16x32(s, Vector512.Create(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15));
        rows.GetLower().GetLower().Store(dst);
        rows.GetLower().GetUpper().Store(dst + stride);
        rows.GetUpper().GetLower().Store(dst + 2 * stride);
        rows.GetUpper().GetUpper().Store(dst + 3 * stride);
    }

    /// <summary>Steps (1) and (2) for four accumulators: 128-bit lane j of the result is q of accumulator j.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Fold4(Vector512<float> a, Vector512<float> b, Vector512<float> c, Vector512<float> d)
    {
        var hab = Avx512F.Shuffle4x128(a, b, 0x44) + Avx512F.Shuffle4x128(a, b, 0xEE);
        var hcd = Avx512F.Shuffle4x128(c, d, 0x44) + Avx512F.Shuffle4x128(c, d, 0xEE);
        return Avx512F.Shuffle4x128(hab, hcd, 0x88) + Avx512F.Shuffle4x128(hab, hcd, 0xDD);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(L512 value)
    {
        var h = value.v.GetLower() + value.v.GetUpper();
        var q = h.GetLower() + h.GetUpper();
        var p0 = q.GetElement(0) + q.GetElement(2);
        var p1 = q.GetElement(1) + q.GetElement(3);
        return p0 + p1;
    }
}
