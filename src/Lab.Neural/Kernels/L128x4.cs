using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Lab.Neural.Kernels;

/// <summary>
/// Sixteen lanes in four 4-lane registers (NEON on ARM64, FMA3 on x64): the path for machines
/// without AVX2, such as Apple Silicon and Graviton.
/// </summary>
internal readonly unsafe struct L128x4 : ILanes<L128x4>
{
    private readonly Vector128<float> a;
    private readonly Vector128<float> b;
    private readonly Vector128<float> c;
    private readonly Vector128<float> d;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private L128x4(Vector128<float> a, Vector128<float> b, Vector128<float> c, Vector128<float> d)
    {
        this.a = a;
        this.b = b;
        this.c = c;
        this.d = d;
    }

    /// <summary>Needs a hardware fused multiply-add on 4 lanes (Vector128.FusedMultiplyAdd is emulated, slowly, elsewhere).</summary>
    public static bool IsSupported => Vector128.IsHardwareAccelerated && (AdvSimd.Arm64.IsSupported || System.Runtime.Intrinsics.X86.Fma.IsSupported);

    public static bool Wide => false;

    public static L128x4 Zero
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => new(Vector128<float>.Zero, Vector128<float>.Zero, Vector128<float>.Zero, Vector128<float>.Zero);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static L128x4 Load(float* p) => new(Vector128.Load(p), Vector128.Load(p + 4), Vector128.Load(p + 8), Vector128.Load(p + 12));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(float* p, L128x4 v)
    {
        v.a.Store(p);
        v.b.Store(p + 4);
        v.c.Store(p + 8);
        v.d.Store(p + 12);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static L128x4 Splat(float x)
    {
        var s = Vector128.Create(x);
        return new(s, s, s, s);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static L128x4 Fma(L128x4 x, L128x4 y, L128x4 z) => new(
        Vector128.FusedMultiplyAdd(x.a, y.a, z.a), Vector128.FusedMultiplyAdd(x.b, y.b, z.b),
        Vector128.FusedMultiplyAdd(x.c, y.c, z.c), Vector128.FusedMultiplyAdd(x.d, y.d, z.d));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static L128x4 Add(L128x4 x, L128x4 y) => new(x.a + y.a, x.b + y.b, x.c + y.c, x.d + y.d);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static L128x4 Sub(L128x4 x, L128x4 y) => new(x.a - y.a, x.b - y.b, x.c - y.c, x.d - y.d);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static L128x4 Mul(L128x4 x, L128x4 y) => new(x.a * y.a, x.b * y.b, x.c * y.c, x.d * y.d);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static L128x4 Div(L128x4 x, L128x4 y) => new(x.a / y.a, x.b / y.b, x.c / y.c, x.d / y.d);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static L128x4 Sqrt(L128x4 x) => new(Vector128.Sqrt(x.a), Vector128.Sqrt(x.b), Vector128.Sqrt(x.c), Vector128.Sqrt(x.d));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Positive(Vector128<float> v) => Vector128.GreaterThan(v, Vector128<float>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static L128x4 Relu(L128x4 x) => new(x.a & Positive(x.a), x.b & Positive(x.b), x.c & Positive(x.c), x.d & Positive(x.d));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static L128x4 WhereYPositive(L128x4 v, L128x4 y) => new(v.a & Positive(y.a), v.b & Positive(y.b), v.c & Positive(y.c), v.d & Positive(y.d));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static L128x4 FlushSubnormal(L128x4 x) => new(Flush4(x.a), Flush4(x.b), Flush4(x.c), Flush4(x.d));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Flush4(Vector128<float> x)
    {
        var bits = x.AsUInt32();
        var tiny = Vector128.Equals(bits & Vector128.Create(Scalar.ExponentBits), Vector128<uint>.Zero);
        return Vector128.ConditionalSelect(tiny, bits & Vector128.Create(Scalar.SignBit), bits).AsSingle();
    }

    public static L128x4 Tanh(L128x4 x) => new(Tanh4(x.a), Tanh4(x.b), Tanh4(x.c), Tanh4(x.d));

    /// <summary><see cref="Scalar.Tanh"/> on four lanes.</summary>
    internal static Vector128<float> Tanh4(Vector128<float> x)
    {
        var tiny = Vector128.LessThan(Vector128.Abs(x), Vector128.Create(Scalar.TanhTiny));
        var hi = Vector128.Create(Scalar.TanhClamp);
        var lo = Vector128.Create(-Scalar.TanhClamp);
        var v = Vector128.ConditionalSelect(Vector128.GreaterThan(x, hi), hi, Vector128.ConditionalSelect(Vector128.LessThan(x, lo), lo, x));
        var x2 = v * v;
        var p = Vector128.FusedMultiplyAdd(x2, Vector128.Create(Scalar.A13), Vector128.Create(Scalar.A11));
        p = Vector128.FusedMultiplyAdd(x2, p, Vector128.Create(Scalar.A9));
        p = Vector128.FusedMultiplyAdd(x2, p, Vector128.Create(Scalar.A7));
        p = Vector128.FusedMultiplyAdd(x2, p, Vector128.Create(Scalar.A5));
        p = Vector128.FusedMultiplyAdd(x2, p, Vector128.Create(Scalar.A3));
        p = Vector128.FusedMultiplyAdd(x2, p, Vector128.Create(Scalar.A1));
        p = v * p;
        var q = Vector128.FusedMultiplyAdd(x2, Vector128.Create(Scalar.B6), Vector128.Create(Scalar.B4));
        q = Vector128.FusedMultiplyAdd(x2, q, Vector128.Create(Scalar.B2));
        q = Vector128.FusedMultiplyAdd(x2, q, Vector128.Create(Scalar.B0));
        return Vector128.ConditionalSelect(tiny, x, p / q);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(L128x4 v)
    {
        // lanes 0–3 in a, 4–7 in b, 8–11 in c, 12–15 in d: h = (a + c, b + d), q = h_lo + h_hi.
        var q = (v.a + v.c) + (v.b + v.d);
        var p0 = q.GetElement(0) + q.GetElement(2);
        var p1 = q.GetElement(1) + q.GetElement(3);
        return p0 + p1;
    }
}
