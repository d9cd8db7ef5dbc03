using System.Runtime.CompilerServices;

namespace Lab.Neural.Kernels;

/// <summary>The per-element definitions that every vector kernel reproduces bit for bit.</summary>
internal static class Scalar
{
    // Rational 13/6 minimax approximation of tanh used by Eigen, XLA and ONNX Runtime's MLAS.
    internal const float TanhClamp = 7.90531110763549805f;
    internal const float TanhTiny = 0.0004f;
    internal const float A13 = -2.76076847742355e-16f;
    internal const float A11 = 2.00018790482477e-13f;
    internal const float A9 = -8.60467152213735e-11f;
    internal const float A7 = 5.12229709037114e-08f;
    internal const float A5 = 1.48572235717979e-05f;
    internal const float A3 = 6.37261928875436e-04f;
    internal const float A1 = 4.89352455891786e-03f;
    internal const float B6 = 1.19825839466702e-06f;
    internal const float B4 = 1.18534705686654e-04f;
    internal const float B2 = 2.26843463243900e-03f;
    internal const float B0 = 4.89352518554385e-03f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float Fma(float a, float b, float c) => MathF.FusedMultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float Relu(float x) => x > 0f ? x : 0f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float WhereYPositive(float d, float y) => y > 0f ? d : 0f;

    /// <summary>
    /// x, or a zero of x's sign when x is subnormal (|x| &lt; 2^−126, not zero): what the optimizers store
    /// as their running moments. Decided on the bits (exponent field zero), never by arithmetic on x.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float FlushSubnormal(float x)
    {
        var bits = BitConverter.SingleToUInt32Bits(x);
        return (bits & ExponentBits) == 0 ? BitConverter.UInt32BitsToSingle(bits & SignBit) : x;
    }

    internal const uint ExponentBits = 0x7F80_0000;
    internal const uint SignBit = 0x8000_0000;

    /// <summary>tanh' from the output y: d·(1 − y·y).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float TanhBackward(float d, float y) => d * (1f - y * y);

    /// <summary>
    /// tanh(x): |x| &lt; 0.0004 → x; else clamp x to ±7.90531110763549805, then
    /// x·P(x²)/Q(x²) with P, Q evaluated by Horner's rule with fused multiply-adds.
    /// </summary>
    internal static float Tanh(float x)
    {
        var tiny = MathF.Abs(x) < TanhTiny;
        var c = x > TanhClamp ? TanhClamp : x < -TanhClamp ? -TanhClamp : x;
        var x2 = c * c;
        var p = Fma(x2, A13, A11);
        p = Fma(x2, p, A9);
        p = Fma(x2, p, A7);
        p = Fma(x2, p, A5);
        p = Fma(x2, p, A3);
        p = Fma(x2, p, A1);
        p = c * p;
        var q = Fma(x2, B6, B4);
        q = Fma(x2, q, B2);
        q = Fma(x2, q, B0);
        var r = p / q;
        return tiny ? x : r;
    }

    /// <summary>The fixed 16-lane reduction order (see <see cref="ILanes{TSelf}.Sum"/>).</summary>
    internal static float Sum16(ReadOnlySpan<float> v)
    {
        Span<float> h = stackalloc float[8];
        for (var i = 0; i < 8; i++) h[i] = v[i] + v[i + 8];
        for (var i = 0; i < 4; i++) h[i] = h[i] + h[i + 4];
        var p0 = h[0] + h[2];
        var p1 = h[1] + h[3];
        return p0 + p1;
    }
}
