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
    public static L512 Relu(L512 x) => new(x.v & Vector512.GreaterThan(x.v, Vector512<float>.Zero));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static L512 WhereYPositive(L512 d, L512 y) => new(d.v & Vector512.GreaterThan(y.v, Vector512<float>.Zero));

    public static L512 Tanh(L512 value)
    {
        var x = value.v;
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
        return new(Vector512.ConditionalSelect(tiny, x, p / q));
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
