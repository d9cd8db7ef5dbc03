using System.Runtime.CompilerServices;

namespace Lab.Neural.Kernels;

/// <summary>Sixteen lanes as sixteen scalars: the portable reference, slow but bit-identical.</summary>
internal unsafe struct LScalar : ILanes<LScalar>
{
    private fixed float e[16];

    public static bool IsSupported => true;

    public static bool Wide => false;

    public static LScalar Zero => default;

    public static LScalar Load(float* p)
    {
        LScalar r = default;
        for (var i = 0; i < 16; i++) r.e[i] = p[i];
        return r;
    }

    public static void Store(float* p, LScalar value)
    {
        for (var i = 0; i < 16; i++) p[i] = value.e[i];
    }

    public static LScalar Splat(float x)
    {
        LScalar r = default;
        for (var i = 0; i < 16; i++) r.e[i] = x;
        return r;
    }

    public static LScalar Fma(LScalar a, LScalar b, LScalar c)
    {
        LScalar r = default;
        for (var i = 0; i < 16; i++) r.e[i] = Scalar.Fma(a.e[i], b.e[i], c.e[i]);
        return r;
    }

    public static LScalar Add(LScalar a, LScalar b)
    {
        LScalar r = default;
        for (var i = 0; i < 16; i++) r.e[i] = a.e[i] + b.e[i];
        return r;
    }

    public static LScalar Sub(LScalar a, LScalar b)
    {
        LScalar r = default;
        for (var i = 0; i < 16; i++) r.e[i] = a.e[i] - b.e[i];
        return r;
    }

    public static LScalar Mul(LScalar a, LScalar b)
    {
        LScalar r = default;
        for (var i = 0; i < 16; i++) r.e[i] = a.e[i] * b.e[i];
        return r;
    }

    public static LScalar Div(LScalar a, LScalar b)
    {
        LScalar r = default;
        for (var i = 0; i < 16; i++) r.e[i] = a.e[i] / b.e[i];
        return r;
    }

    public static LScalar Sqrt(LScalar a)
    {
        LScalar r = default;
        for (var i = 0; i < 16; i++) r.e[i] = MathF.Sqrt(a.e[i]);
        return r;
    }

    public static LScalar Relu(LScalar x)
    {
        LScalar r = default;
        for (var i = 0; i < 16; i++) r.e[i] = Scalar.Relu(x.e[i]);
        return r;
    }

    public static LScalar WhereYPositive(LScalar d, LScalar y)
    {
        LScalar r = default;
        for (var i = 0; i < 16; i++) r.e[i] = Scalar.WhereYPositive(d.e[i], y.e[i]);
        return r;
    }

    public static LScalar FlushSubnormal(LScalar x)
    {
        LScalar r = default;
        for (var i = 0; i < 16; i++) r.e[i] = Scalar.FlushSubnormal(x.e[i]);
        return r;
    }

    public static LScalar Tanh(LScalar x)
    {
        LScalar r = default;
        for (var i = 0; i < 16; i++) r.e[i] = Scalar.Tanh(x.e[i]);
        return r;
    }

    public static float Sum(LScalar value)
    {
        Span<float> lanes = stackalloc float[16];
        for (var i = 0; i < 16; i++) lanes[i] = value.e[i];
        return Scalar.Sum16(lanes);
    }
}
