using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Lab.Neural.Kernels;

/// <summary>Sixteen lanes in two AVX2 registers: lanes 0–7 in <c>lo</c>, 8–15 in <c>hi</c>.</summary>
internal readonly unsafe struct L256x2 : ILanes<L256x2>
{
    private readonly Vector256<float> lo;
    private readonly Vector256<float> hi;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private L256x2(Vector256<float> lo, Vector256<float> hi)
    {
        this.lo = lo;
        this.hi = hi;
    }

    public static bool IsSupported => Vector256.IsHardwareAccelerated && Avx2.IsSupported && System.Runtime.Intrinsics.X86.Fma.IsSupported;

    public static bool Wide => false;

    public static L256x2 Zero
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => new(Vector256<float>.Zero, Vector256<float>.Zero);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static L256x2 Load(float* p) => new(Vector256.Load(p), Vector256.Load(p + 8));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(float* p, L256x2 value)
    {
        value.lo.Store(p);
        value.hi.Store(p + 8);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static L256x2 Splat(float x)
    {
        var s = Vector256.Create(x);
        return new(s, s);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static L256x2 Fma(L256x2 a, L256x2 b, L256x2 c) =>
        new(Vector256.FusedMultiplyAdd(a.lo, b.lo, c.lo), Vector256.FusedMultiplyAdd(a.hi, b.hi, c.hi));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static L256x2 Add(L256x2 a, L256x2 b) => new(a.lo + b.lo, a.hi + b.hi);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static L256x2 Sub(L256x2 a, L256x2 b) => new(a.lo - b.lo, a.hi - b.hi);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static L256x2 Mul(L256x2 a, L256x2 b) => new(a.lo * b.lo, a.hi * b.hi);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static L256x2 Div(L256x2 a, L256x2 b) => new(a.lo / b.lo, a.hi / b.hi);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static L256x2 Sqrt(L256x2 a) => new(Vector256.Sqrt(a.lo), Vector256.Sqrt(a.hi));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static L256x2 Relu(L256x2 x) => new(Relu8(x.lo), Relu8(x.hi));

    /// <summary>x &gt; 0 ? x : 0 as one MAXPS (see <see cref="L512.Relu16"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> Relu8(Vector256<float> x) => Avx.Max(x, Vector256<float>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static L256x2 WhereYPositive(L256x2 d, L256x2 y) =>
        new(d.lo & Vector256.GreaterThan(y.lo, Vector256<float>.Zero), d.hi & Vector256.GreaterThan(y.hi, Vector256<float>.Zero));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static L256x2 FlushSubnormal(L256x2 x) => new(Flush8(x.lo), Flush8(x.hi));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Flush8(Vector256<float> x)
    {
        var bits = x.AsUInt32();
        var tiny = Vector256.Equals(bits & Vector256.Create(Scalar.ExponentBits), Vector256<uint>.Zero);
        return Vector256.ConditionalSelect(tiny, bits & Vector256.Create(Scalar.SignBit), bits).AsSingle();
    }

    public static L256x2 Tanh(L256x2 x) => new(Tanh8(x.lo), Tanh8(x.hi));

    /// <summary><see cref="Scalar.Tanh"/> on eight lanes (also used by the one-row path).</summary>
    internal static Vector256<float> Tanh8(Vector256<float> x)
    {
        var tiny = Vector256.LessThan(Vector256.Abs(x), Vector256.Create(Scalar.TanhTiny));
        var hi = Vector256.Create(Scalar.TanhClamp);
        var lo = Vector256.Create(-Scalar.TanhClamp);
        var c = Vector256.ConditionalSelect(Vector256.GreaterThan(x, hi), hi, Vector256.ConditionalSelect(Vector256.LessThan(x, lo), lo, x));
        var x2 = c * c;
        var p = Vector256.FusedMultiplyAdd(x2, Vector256.Create(Scalar.A13), Vector256.Create(Scalar.A11));
        p = Vector256.FusedMultiplyAdd(x2, p, Vector256.Create(Scalar.A9));
        p = Vector256.FusedMultiplyAdd(x2, p, Vector256.Create(Scalar.A7));
        p = Vector256.FusedMultiplyAdd(x2, p, Vector256.Create(Scalar.A5));
        p = Vector256.FusedMultiplyAdd(x2, p, Vector256.Create(Scalar.A3));
        p = Vector256.FusedMultiplyAdd(x2, p, Vector256.Create(Scalar.A1));
        p = c * p;
        var q = Vector256.FusedMultiplyAdd(x2, Vector256.Create(Scalar.B6), Vector256.Create(Scalar.B4));
        q = Vector256.FusedMultiplyAdd(x2, q, Vector256.Create(Scalar.B2));
        q = Vector256.FusedMultiplyAdd(x2, q, Vector256.Create(Scalar.B0));
        return Vector256.ConditionalSelect(tiny, x, p / q);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(L256x2 value)
    {
        var h = value.lo + value.hi;
        var q = h.GetLower() + h.GetUpper();
        var p0 = q.GetElement(0) + q.GetElement(2);
        var p1 = q.GetElement(1) + q.GetElement(3);
        return p0 + p1;
    }
}
