namespace Lab.Neural.Kernels;

/// <summary>
/// Sixteen float32 lanes: one AVX-512 register, two AVX2 registers, or sixteen scalars. Every
/// operation is per lane and IEEE-exact (fused multiply-add rounds once), so the three
/// implementations give the same bits; reductions across lanes go through <see cref="Sum"/> in one
/// fixed order. Kernels are written once, generic over this interface, and the JIT specializes them.
/// </summary>
internal unsafe interface ILanes<TSelf> where TSelf : struct, ILanes<TSelf>
{
    /// <summary>Whether this implementation runs in hardware on this machine.</summary>
    static abstract bool IsSupported { get; }

    /// <summary>True when a value is one register (32 of them): kernels use wider register blocks.</summary>
    static abstract bool Wide { get; }

    static abstract TSelf Zero { get; }

    static abstract TSelf Load(float* p);

    static abstract void Store(float* p, TSelf value);

    static abstract TSelf Splat(float x);

    /// <summary>a·b + c, rounded once.</summary>
    static abstract TSelf Fma(TSelf a, TSelf b, TSelf c);

    static abstract TSelf Add(TSelf a, TSelf b);

    static abstract TSelf Sub(TSelf a, TSelf b);

    static abstract TSelf Mul(TSelf a, TSelf b);

    static abstract TSelf Div(TSelf a, TSelf b);

    static abstract TSelf Sqrt(TSelf a);

    /// <summary>x &gt; 0 ? x : 0 per lane.</summary>
    static abstract TSelf Relu(TSelf x);

    /// <summary>y &gt; 0 ? d : 0 per lane (the ReLU derivative applied to d, from the ReLU's output y).</summary>
    static abstract TSelf WhereYPositive(TSelf d, TSelf y);

    /// <summary><see cref="Scalar.FlushSubnormal"/> per lane: a subnormal lane becomes a zero of its sign.</summary>
    static abstract TSelf FlushSubnormal(TSelf x);

    /// <summary><see cref="Scalar.Tanh"/> per lane.</summary>
    static abstract TSelf Tanh(TSelf x);

    /// <summary>
    /// The sum of the 16 lanes in the fixed order of <see cref="Scalar.Sum16"/>:
    /// h[i] = v[i] + v[i+8], q[i] = h[i] + h[i+4], p[i] = q[i] + q[i+2], sum = p[0] + p[1].
    /// </summary>
    static abstract float Sum(TSelf v);

    /// <summary>
    /// Writes the <see cref="Sum"/> of each of a 4×4 block of accumulators: dst[r·stride + j] = Sum(c_rj).
    /// Implementations may fold the sixteen together (faster), but every sum keeps the order of <see cref="Sum"/>.
    /// </summary>
    static virtual void StoreSums4x4(float* dst, nint stride,
        TSelf c00, TSelf c01, TSelf c02, TSelf c03, TSelf c10, TSelf c11, TSelf c12, TSelf c13,
        TSelf c20, TSelf c21, TSelf c22, TSelf c23, TSelf c30, TSelf c31, TSelf c32, TSelf c33)
    {
        dst[0] = TSelf.Sum(c00); dst[1] = TSelf.Sum(c01); dst[2] = TSelf.Sum(c02); dst[3] = TSelf.Sum(c03);
        dst += stride;
        dst[0] = TSelf.Sum(c10); dst[1] = TSelf.Sum(c11); dst[2] = TSelf.Sum(c12); dst[3] = TSelf.Sum(c13);
        dst += stride;
        dst[0] = TSelf.Sum(c20); dst[1] = TSelf.Sum(c21); dst[2] = TSelf.Sum(c22); dst[3] = TSelf.Sum(c23);
        dst += stride;
        dst[0] = TSelf.Sum(c30); dst[1] = TSelf.Sum(c31); dst[2] = TSelf.Sum(c32); dst[3] = TSelf.Sum(c33);
    }
}
