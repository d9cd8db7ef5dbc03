using System.Runtime.CompilerServices;

namespace Lab.Neural.Kernels;

/// <summary>
/// The dense-layer kernels, generic over the lane implementation. Matrices are feature-major
/// ("batch in the lanes"): element (row r, sample s) at <c>p[r·ld + s]</c>, ld a multiple of 16.
/// <para>
/// Reduction orders are fixed and documented in docs/NEURAL.md: a GEMM output element starts at its
/// bias (or 0) and takes one fused multiply-add per k in ascending k; a reduction over samples
/// (weight and bias gradients) keeps 16 partial sums, partial i taking samples s ≡ i (mod 16) in
/// ascending s, then folds them with <see cref="ILanes{TSelf}.Sum"/>. Neither depends on the
/// register width or on how the work is blocked.
/// </para>
/// </summary>
internal static unsafe class Kernels<TL> where TL : struct, ILanes<TL>
{
    /// <summary>
    /// Rows of B in one packed block: 128 rows × 64 samples × 4 bytes = 32 KB, which stays in L1 while
    /// every row block of A runs over it.
    /// </summary>
    internal const int DepthBlock = 128;

    /// <summary>Floats of work space <see cref="Gemm"/> needs for a rows × depth product (packed A and one packed block of B).</summary>
    public static int WorkSize(int rows, int depth) => rows * depth + DepthBlock * 64;

    /// <summary>
    /// C[m, s] = epilogue(init(m) + Σ_k A[m·sm + k·sk]·B[k·ld + s]) for m &lt; rows, s &lt; cols (a
    /// multiple of 16). init is bias[m] when bias is not null, else 0. Forward: A = W (in×out,
    /// row-major), sm = 1, sk = out. Backward to the layer below: A = W, sm = out, sk = 1, and the
    /// epilogue multiplies by the activation's derivative, read from <paramref name="aux"/> (same shape as C).
    /// <paramref name="work"/> (at least <see cref="WorkSize"/> floats, or null) lets large products
    /// run blocked and packed; every output is the same chain of fused multiply-adds either way.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Gemm(float* a, nint sm, nint sk, int rows, int depth, float* b, float* c, nint ld, int cols,
        float* bias, Epilogue epilogue, float* aux, float* work)
    {
        switch (epilogue)
        {
            case Epilogue.Relu: Gemm<ReluEpilogue>(a, sm, sk, rows, depth, b, c, ld, cols, bias, aux, work); break;
            case Epilogue.Tanh: Gemm<TanhEpilogue>(a, sm, sk, rows, depth, b, c, ld, cols, bias, aux, work); break;
            case Epilogue.ReluBackward: Gemm<ReluBackwardEpilogue>(a, sm, sk, rows, depth, b, c, ld, cols, bias, aux, work); break;
            case Epilogue.TanhBackward: Gemm<TanhBackwardEpilogue>(a, sm, sk, rows, depth, b, c, ld, cols, bias, aux, work); break;
            default: Gemm<NoEpilogue>(a, sm, sk, rows, depth, b, c, ld, cols, bias, aux, work); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Gemm<TE>(float* a, nint sm, nint sk, int rows, int depth, float* b, float* c, nint ld, int cols,
        float* bias, float* aux, float* work) where TE : struct, IEpilogue
    {
        // aux is only read by the backward epilogues; for the others the offset pointer is never dereferenced.
        var panel = TL.Wide ? 64 : 16;
        var full = cols - cols % panel;
        if (work != null && Packs(rows, depth, full, ld))
            Packed<TE>(a, sm, sk, rows, depth, b, c, ld, full, bias, aux, work);
        else
            for (nint s0 = 0; s0 < full; s0 += panel)
                Panel<TE>(a, sm, sk, rows, depth, b + s0, ld, c + s0, ld, bias, aux + s0, false);

        // Columns left over after the panels, 16 at a time, in blocks of 6 rows (then 4, then 1).
        for (nint s0 = full; s0 < cols; s0 += 16)
        {
            var m = 0;
            for (; m + 6 <= rows; m += 6)
            {
                var offset = m * ld + s0;
                Block6x1<TE>(a + m * sm, sm, sk, depth, b + s0, ld, c + offset, ld, bias == null ? null : bias + m, aux + offset, false);
            }

            if (m + 4 <= rows)
            {
                var offset = m * ld + s0;
                Block4x1<TE>(a + m * sm, sm, sk, depth, b + s0, ld, c + offset, ld, bias == null ? null : bias + m, aux + offset, false);
                m += 4;
            }

            for (; m < rows; m++)
            {
                var offset = m * ld + s0;
                Block1x1<TE>(a + m * sm, sk, depth, b + s0, ld, c + offset, ld, bias == null ? null : bias + m, aux + offset, false);
            }
        }
    }

    /// <summary>Whether blocking and packing pay: enough rows to reuse a packed block of B, and B or A too large for L1 unpacked.</summary>
    private static bool Packs(int rows, int depth, int cols, nint ld) => cols >= 256 && rows >= 16 && depth >= 32 && (depth > DepthBlock || ld >= 1024);

    /// <summary>
    /// The product blocked as GotoBLAS does: A packed once into row blocks of 4 (k-major, so a block's
    /// weights are read in order); then per panel of samples and per block of <see cref="DepthBlock"/>
    /// rows of B, that block packed contiguously (no stride, no TLB misses) and every row block of A run
    /// over it. Between depth blocks the partial sums wait in C and are reloaded: each output is still
    /// init, then one fused multiply-add per k in ascending k, and the epilogue applies after the last k.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Packed<TE>(float* a, nint sm, nint sk, int rows, int depth, float* b, float* c, nint ld, int cols,
        float* bias, float* aux, float* work) where TE : struct, IEpilogue
    {
        var panel = TL.Wide ? 64 : 16;
        var height = BlockRows;
        var blocked = rows / height * height;
        var pa = work;
        var pb = work + (nint)blocked * depth;
        for (var m = 0; m < blocked; m += height)
        {
            var src = a + m * sm;
            var dst = pa + (nint)m * depth;
            for (var k = 0; k < depth; k++)
            {
                var at = src + k * sk;
                for (var r = 0; r < height; r++) dst[r] = at[r * sm];
                dst += height;
            }
        }

        for (nint s0 = 0; s0 < cols; s0 += panel)
        {
            for (var k0 = 0; k0 < depth; k0 += DepthBlock)
            {
                var kc = Math.Min(DepthBlock, depth - k0);
                for (var k = 0; k < kc; k++)
                {
                    var src = b + (k0 + k) * ld + s0;
                    var dst = pb + (nint)k * panel;
                    for (var i = 0; i < panel; i += 16) TL.Store(dst + i, TL.Load(src + i));
                }

                var resume = k0 > 0;
                var last = k0 + kc == depth;
                var blockBias = resume ? null : bias;
                for (var m = 0; m < blocked; m += height)
                {
                    var offset = m * ld + s0;
                    var pm = pa + (nint)m * depth + (nint)k0 * height;
                    var bm = blockBias == null ? null : blockBias + m;
                    if (last) Block<TE>(pm, 1, height, kc, pb, panel, c + offset, ld, bm, aux + offset, resume);
                    else Block<NoEpilogue>(pm, 1, height, kc, pb, panel, c + offset, ld, bm, aux + offset, resume);
                }

                var rest = a + k0 * sk;
                if (last) Rest<TE>(rest, sm, sk, blocked, rows, kc, pb, panel, c + s0, ld, blockBias, aux + s0, resume);
                else Rest<NoEpilogue>(rest, sm, sk, blocked, rows, kc, pb, panel, c + s0, ld, blockBias, aux + s0, resume);
            }
        }
    }

    /// <summary>One panel of samples (64 wide, or 16 for the narrow lanes), all rows, the whole depth, unpacked.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Panel<TE>(float* a, nint sm, nint sk, int rows, int depth, float* b, nint ldb, float* c, nint ldc,
        float* bias, float* aux, bool resume) where TE : struct, IEpilogue
    {
        var height = BlockRows;
        var m = 0;
        for (; m + height <= rows; m += height)
        {
            var offset = m * ldc;
            Block<TE>(a + m * sm, sm, sk, depth, b, ldb, c + offset, ldc, bias == null ? null : bias + m, aux + offset, resume);
        }

        Rest<TE>(a, sm, sk, m, rows, depth, b, ldb, c, ldc, bias, aux, resume);
    }

    /// <summary>
    /// Rows in a register block: 4 rows × 4 vectors on wide lanes (16 of 32 registers accumulate);
    /// 6 rows × 1 vector on narrow ones (12 of AVX2's 16 registers: enough chains in flight to keep
    /// both FMA units busy through their latency, as BLIS's 6×16 AVX2 kernel does).
    /// </summary>
    private static int BlockRows => TL.Wide ? 4 : 6;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block<TE>(float* a, nint sm, nint sk, int depth, float* b, nint ldb, float* c, nint ldc, float* bias, float* aux, bool resume)
        where TE : struct, IEpilogue
    {
        if (TL.Wide) Block4x4<TE>(a, sm, sk, depth, b, ldb, c, ldc, bias, aux, resume);
        else Block6x1<TE>(a, sm, sk, depth, b, ldb, c, ldc, bias, aux, resume);
    }

    /// <summary>
    /// Rows from..rows (fewer than a register block) × one panel: 4 at a time on narrow lanes, 2 at a time
    /// on wide ones (8 chains in flight instead of 4: a two-action output layer), then one at a time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Rest<TE>(float* a, nint sm, nint sk, int from, int rows, int depth, float* b, nint ldb, float* c, nint ldc,
        float* bias, float* aux, bool resume) where TE : struct, IEpilogue
    {
        var m = from;
        if (!TL.Wide && m + 4 <= rows)
        {
            var offset = m * ldc;
            Block4x1<TE>(a + m * sm, sm, sk, depth, b, ldb, c + offset, ldc, bias == null ? null : bias + m, aux + offset, resume);
            m += 4;
        }

        if (TL.Wide && m + 2 <= rows)
        {
            var offset = m * ldc;
            Block2x4<TE>(a + m * sm, sm, sk, depth, b, ldb, c + offset, ldc, bias == null ? null : bias + m, aux + offset, resume);
            m += 2;
        }

        for (; m < rows; m++)
        {
            var offset = m * ldc;
            var bm = bias == null ? null : bias + m;
            if (TL.Wide) Block1x4<TE>(a + m * sm, sk, depth, b, ldb, c + offset, ldc, bm, aux + offset, resume);
            else Block1x1<TE>(a + m * sm, sk, depth, b, ldb, c + offset, ldc, bm, aux + offset, resume);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TL Init(float* bias, int i) => bias == null ? TL.Zero : TL.Splat(bias[i]);

    /// <summary>Where an accumulator starts: the partial sum already in C (resuming after an earlier depth block), else the bias or 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TL Start(float* c, float* bias, int i, bool resume) => resume ? TL.Load(c) : Init(bias, i);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put<TE>(float* c, float* aux, nint at, TL acc) where TE : struct, IEpilogue =>
        TL.Store(c + at, TE.Apply(acc, aux + at));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block4x4<TE>(float* a, nint sm, nint sk, int depth, float* b, nint ldb, float* c, nint ldc, float* bias, float* aux, bool resume)
        where TE : struct, IEpilogue
    {
        var ld2 = ldc + ldc;
        var ld3 = ld2 + ldc;
        TL c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33;
        if (resume)
        {
            c00 = TL.Load(c); c01 = TL.Load(c + 16); c02 = TL.Load(c + 32); c03 = TL.Load(c + 48);
            c10 = TL.Load(c + ldc); c11 = TL.Load(c + ldc + 16); c12 = TL.Load(c + ldc + 32); c13 = TL.Load(c + ldc + 48);
            c20 = TL.Load(c + ld2); c21 = TL.Load(c + ld2 + 16); c22 = TL.Load(c + ld2 + 32); c23 = TL.Load(c + ld2 + 48);
            c30 = TL.Load(c + ld3); c31 = TL.Load(c + ld3 + 16); c32 = TL.Load(c + ld3 + 32); c33 = TL.Load(c + ld3 + 48);
        }
        else
        {
            TL i0 = Init(bias, 0), i1 = Init(bias, 1), i2 = Init(bias, 2), i3 = Init(bias, 3);
            c00 = c01 = c02 = c03 = i0;
            c10 = c11 = c12 = c13 = i1;
            c20 = c21 = c22 = c23 = i2;
            c30 = c31 = c32 = c33 = i3;
        }

        var sm2 = sm + sm;
        var sm3 = sm2 + sm;
        for (var k = 0; k < depth; k++)
        {
            TL b0 = TL.Load(b), b1 = TL.Load(b + 16), b2 = TL.Load(b + 32), b3 = TL.Load(b + 48);
            var w = TL.Splat(a[0]);
            c00 = TL.Fma(w, b0, c00); c01 = TL.Fma(w, b1, c01); c02 = TL.Fma(w, b2, c02); c03 = TL.Fma(w, b3, c03);
            w = TL.Splat(a[sm]);
            c10 = TL.Fma(w, b0, c10); c11 = TL.Fma(w, b1, c11); c12 = TL.Fma(w, b2, c12); c13 = TL.Fma(w, b3, c13);
            w = TL.Splat(a[sm2]);
            c20 = TL.Fma(w, b0, c20); c21 = TL.Fma(w, b1, c21); c22 = TL.Fma(w, b2, c22); c23 = TL.Fma(w, b3, c23);
            w = TL.Splat(a[sm3]);
            c30 = TL.Fma(w, b0, c30); c31 = TL.Fma(w, b1, c31); c32 = TL.Fma(w, b2, c32); c33 = TL.Fma(w, b3, c33);
            a += sk;
            b += ldb;
        }

        Put<TE>(c, aux, 0, c00); Put<TE>(c, aux, 16, c01); Put<TE>(c, aux, 32, c02); Put<TE>(c, aux, 48, c03);
        Put<TE>(c, aux, ldc, c10); Put<TE>(c, aux, ldc + 16, c11); Put<TE>(c, aux, ldc + 32, c12); Put<TE>(c, aux, ldc + 48, c13);
        Put<TE>(c, aux, ld2, c20); Put<TE>(c, aux, ld2 + 16, c21); Put<TE>(c, aux, ld2 + 32, c22); Put<TE>(c, aux, ld2 + 48, c23);
        Put<TE>(c, aux, ld3, c30); Put<TE>(c, aux, ld3 + 16, c31); Put<TE>(c, aux, ld3 + 32, c32); Put<TE>(c, aux, ld3 + 48, c33);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block4x1<TE>(float* a, nint sm, nint sk, int depth, float* b, nint ldb, float* c, nint ldc, float* bias, float* aux, bool resume)
        where TE : struct, IEpilogue
    {
        TL c0 = Start(c, bias, 0, resume), c1 = Start(c + ldc, bias, 1, resume), c2 = Start(c + 2 * ldc, bias, 2, resume), c3 = Start(c + 3 * ldc, bias, 3, resume);
        var sm2 = sm + sm;
        var sm3 = sm2 + sm;
        for (var k = 0; k < depth; k++)
        {
            var b0 = TL.Load(b);
            c0 = TL.Fma(TL.Splat(a[0]), b0, c0);
            c1 = TL.Fma(TL.Splat(a[sm]), b0, c1);
            c2 = TL.Fma(TL.Splat(a[sm2]), b0, c2);
            c3 = TL.Fma(TL.Splat(a[sm3]), b0, c3);
            a += sk;
            b += ldb;
        }

        Put<TE>(c, aux, 0, c0);
        Put<TE>(c, aux, ldc, c1);
        Put<TE>(c, aux, 2 * ldc, c2);
        Put<TE>(c, aux, 3 * ldc, c3);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block6x1<TE>(float* a, nint sm, nint sk, int depth, float* b, nint ldb, float* c, nint ldc, float* bias, float* aux, bool resume)
        where TE : struct, IEpilogue
    {
        TL c0 = Start(c, bias, 0, resume), c1 = Start(c + ldc, bias, 1, resume), c2 = Start(c + 2 * ldc, bias, 2, resume);
        TL c3 = Start(c + 3 * ldc, bias, 3, resume), c4 = Start(c + 4 * ldc, bias, 4, resume), c5 = Start(c + 5 * ldc, bias, 5, resume);
        nint sm2 = sm + sm, sm3 = sm2 + sm, sm4 = sm3 + sm, sm5 = sm4 + sm;
        for (var k = 0; k < depth; k++)
        {
            var b0 = TL.Load(b);
            c0 = TL.Fma(TL.Splat(a[0]), b0, c0);
            c1 = TL.Fma(TL.Splat(a[sm]), b0, c1);
            c2 = TL.Fma(TL.Splat(a[sm2]), b0, c2);
            c3 = TL.Fma(TL.Splat(a[sm3]), b0, c3);
            c4 = TL.Fma(TL.Splat(a[sm4]), b0, c4);
            c5 = TL.Fma(TL.Splat(a[sm5]), b0, c5);
            a += sk;
            b += ldb;
        }

        Put<TE>(c, aux, 0, c0);
        Put<TE>(c, aux, ldc, c1);
        Put<TE>(c, aux, 2 * ldc, c2);
        Put<TE>(c, aux, 3 * ldc, c3);
        Put<TE>(c, aux, 4 * ldc, c4);
        Put<TE>(c, aux, 5 * ldc, c5);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block2x4<TE>(float* a, nint sm, nint sk, int depth, float* b, nint ldb, float* c, nint ldc, float* bias, float* aux, bool resume)
        where TE : struct, IEpilogue
    {
        TL c00, c01, c02, c03, c10, c11, c12, c13;
        if (resume)
        {
            c00 = TL.Load(c); c01 = TL.Load(c + 16); c02 = TL.Load(c + 32); c03 = TL.Load(c + 48);
            c10 = TL.Load(c + ldc); c11 = TL.Load(c + ldc + 16); c12 = TL.Load(c + ldc + 32); c13 = TL.Load(c + ldc + 48);
        }
        else
        {
            c00 = c01 = c02 = c03 = Init(bias, 0);
            c10 = c11 = c12 = c13 = Init(bias, 1);
        }

        for (var k = 0; k < depth; k++)
        {
            TL b0 = TL.Load(b), b1 = TL.Load(b + 16), b2 = TL.Load(b + 32), b3 = TL.Load(b + 48);
            var w = TL.Splat(a[0]);
            c00 = TL.Fma(w, b0, c00); c01 = TL.Fma(w, b1, c01); c02 = TL.Fma(w, b2, c02); c03 = TL.Fma(w, b3, c03);
            w = TL.Splat(a[sm]);
            c10 = TL.Fma(w, b0, c10); c11 = TL.Fma(w, b1, c11); c12 = TL.Fma(w, b2, c12); c13 = TL.Fma(w, b3, c13);
            a += sk;
            b += ldb;
        }

        Put<TE>(c, aux, 0, c00); Put<TE>(c, aux, 16, c01); Put<TE>(c, aux, 32, c02); Put<TE>(c, aux, 48, c03);
        Put<TE>(c, aux, ldc, c10); Put<TE>(c, aux, ldc + 16, c11); Put<TE>(c, aux, ldc + 32, c12); Put<TE>(c, aux, ldc + 48, c13);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block1x4<TE>(float* a, nint sk, int depth, float* b, nint ldb, float* c, nint ldc, float* bias, float* aux, bool resume)
        where TE : struct, IEpilogue
    {
        TL c0, c1, c2, c3;
        if (resume)
        {
            c0 = TL.Load(c); c1 = TL.Load(c + 16); c2 = TL.Load(c + 32); c3 = TL.Load(c + 48);
        }
        else c0 = c1 = c2 = c3 = Init(bias, 0);

        for (var k = 0; k < depth; k++)
        {
            var w = TL.Splat(a[0]);
            c0 = TL.Fma(w, TL.Load(b), c0);
            c1 = TL.Fma(w, TL.Load(b + 16), c1);
            c2 = TL.Fma(w, TL.Load(b + 32), c2);
            c3 = TL.Fma(w, TL.Load(b + 48), c3);
            a += sk;
            b += ldb;
        }

        Put<TE>(c, aux, 0, c0);
        Put<TE>(c, aux, 16, c1);
        Put<TE>(c, aux, 32, c2);
        Put<TE>(c, aux, 48, c3);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block1x1<TE>(float* a, nint sk, int depth, float* b, nint ldb, float* c, nint ldc, float* bias, float* aux, bool resume)
        where TE : struct, IEpilogue
    {
        var c0 = Start(c, bias, 0, resume);
        for (var k = 0; k < depth; k++)
        {
            c0 = TL.Fma(TL.Splat(a[0]), TL.Load(b), c0);
            a += sk;
            b += ldb;
        }

        Put<TE>(c, aux, 0, c0);
    }

    /// <summary>
    /// Weight and bias gradients of a layer: dW[k·outs + j] = Σ_s X[k, s]·dZ[j, s] and
    /// db[j] = Σ_s dZ[j, s], over the cols (multiple of 16) samples, in the fixed 16-lane order.
    /// Padding samples must have dZ = 0. With <paramref name="db"/> null the bias gradient is left out
    /// (the other half of a split pass computes it). <paramref name="work"/> (at least <see cref="GradWorkSize"/>
    /// floats, or null) lets a wide batch run tiled; the sums are the same either way.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void WeightGrad(float* x, float* dz, int ins, int outs, nint ld, int cols, float* dw, float* db, float* work)
    {
        var k = 0;
        if (TL.Wide)
        {
            var ins4 = ins / 4 * 4;
            var outs4 = outs / 4 * 4;
            if (work != null && cols >= TiledGradFrom && ins4 >= 128 && outs4 >= 128)
            {
                Tiled(x, dz, ins4, outs4, ld, cols, dw, outs, work);
                for (k = 0; k < ins4; k += 4)
                    for (var j = outs4; j < outs; j++) Grad4x1(x + k * ld, dz + j * ld, ld, cols, dw + k * outs + j, outs);
            }
            else
            {
                for (; k + 4 <= ins; k += 4)
                {
                    var j = 0;
                    for (; j + 4 <= outs; j += 4) Grad4x4(x + k * ld, dz + j * ld, ld, cols, dw + k * outs + j, outs);
                    for (; j < outs; j++) Grad4x1(x + k * ld, dz + j * ld, ld, cols, dw + k * outs + j, outs);
                }
            }
        }

        if (!TL.Wide && cols >= TiledGradFrom / 2 && ins >= 64 && outs >= 64)
        {
            // Narrow lanes, wide batch: 1×4 blocks in tiles of 32 inputs × 32 units, so that a tile's
            // rows are read from L2 and not, once per input, all of dZ from L3.
            var outs4 = outs / 4 * 4;
            for (var j0 = 0; j0 < outs4; j0 += 32)
                for (var k0 = 0; k0 < ins; k0 += 32)
                    for (var kk = k0; kk < Math.Min(ins, k0 + 32); kk++)
                        for (var j = j0; j < Math.Min(outs4, j0 + 32); j += 4)
                            Grad1x4(x + kk * ld, dz + j * ld, ld, cols, dw + kk * outs + j);
            for (; k < ins; k++)
                for (var j = outs4; j < outs; j++) dw[k * outs + j] = Dot(x + k * ld, dz + j * ld, cols);
        }

        for (; k < ins; k++)
        {
            var j = 0;
            for (; j + 4 <= outs; j += 4) Grad1x4(x + k * ld, dz + j * ld, ld, cols, dw + k * outs + j);
            for (; j < outs; j++) dw[k * outs + j] = Dot(x + k * ld, dz + j * ld, cols);
        }

        if (db == null) return;
        var jj = 0;
        for (; jj + 4 <= outs; jj += 4) BiasGrad4(dz + jj * ld, ld, cols, db + jj);
        for (; jj < outs; jj++) db[jj] = RowSum(dz + jj * ld, cols);
    }

    /// <summary>Rows of X and of dZ in a tile of <see cref="Tiled"/>.</summary>
    private const int GradTile = 16;

    /// <summary>Samples per pass over a tile (tried on Zen 5: 256 and 512; tiles of 8, 16 and 32 rows).</summary>
    private const int GradChunk = 512;

    /// <summary>
    /// The batch from which the weight gradient runs tiled (for layers of at least 128 × 128): below
    /// it, a 4×4 block's 8 rows come from L1 and L2 fast enough, and tiling only adds its overhead.
    /// </summary>
    private const int TiledGradFrom = 2048;

    /// <summary>Floats of work space <see cref="WeightGrad"/> needs to run tiled: the 16 partial sums of a tile's 16 × 16 outputs.</summary>
    public const int GradWorkSize = GradTile * GradTile * 16;

    /// <summary>
    /// dW for the inputs and outputs in whole blocks of 4, when a batch is too wide for a 4×4 block's
    /// 8 rows to stay in L1: per tile of 16 inputs × 16 outputs, the samples in chunks of
    /// <see cref="GradChunk"/>, each chunk's 32 rows shared by the tile's 16 blocks while they are
    /// near (a 4×4 block alone streams its 8 whole rows from L2 or L3). Between chunks a block's 16
    /// partial-sum vectors wait in <paramref name="partials"/>: each partial still takes its samples in
    /// ascending order, and the fold at the end is <see cref="ILanes{TSelf}.StoreSums4x4"/>'s.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tiled(float* x, float* dz, int ins4, int outs4, nint ld, int cols, float* dw, nint outs, float* partials)
    {
        for (var j0 = 0; j0 < outs4; j0 += GradTile)
        {
            var j1 = Math.Min(outs4, j0 + GradTile);
            for (var k0 = 0; k0 < ins4; k0 += GradTile)
            {
                var k1 = Math.Min(ins4, k0 + GradTile);
                for (nint s0 = 0; s0 < cols; s0 += GradChunk)
                {
                    var chunk = (int)Math.Min(GradChunk, cols - s0);
                    var p = partials;
                    for (var k = k0; k < k1; k += 4)
                        for (var j = j0; j < j1; j += 4, p += 256)
                            GradChunk4x4(x + k * ld + s0, dz + j * ld + s0, ld, chunk, p, s0 > 0);
                }

                var q = partials;
                for (var k = k0; k < k1; k += 4)
                    for (var j = j0; j < j1; j += 4, q += 256)
                        TL.StoreSums4x4(dw + k * outs + j, outs,
                            TL.Load(q), TL.Load(q + 16), TL.Load(q + 32), TL.Load(q + 48),
                            TL.Load(q + 64), TL.Load(q + 80), TL.Load(q + 96), TL.Load(q + 112),
                            TL.Load(q + 128), TL.Load(q + 144), TL.Load(q + 160), TL.Load(q + 176),
                            TL.Load(q + 192), TL.Load(q + 208), TL.Load(q + 224), TL.Load(q + 240));
            }
        }
    }

    /// <summary>A 4×4 block's 16 partial-sum vectors over one chunk of samples, continued from <paramref name="p"/> when resuming.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void GradChunk4x4(float* x, float* dz, nint ld, int cols, float* p, bool resume)
    {
        TL c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33;
        if (resume)
        {
            c00 = TL.Load(p); c01 = TL.Load(p + 16); c02 = TL.Load(p + 32); c03 = TL.Load(p + 48);
            c10 = TL.Load(p + 64); c11 = TL.Load(p + 80); c12 = TL.Load(p + 96); c13 = TL.Load(p + 112);
            c20 = TL.Load(p + 128); c21 = TL.Load(p + 144); c22 = TL.Load(p + 160); c23 = TL.Load(p + 176);
            c30 = TL.Load(p + 192); c31 = TL.Load(p + 208); c32 = TL.Load(p + 224); c33 = TL.Load(p + 240);
        }
        else
        {
            c00 = c01 = c02 = c03 = c10 = c11 = c12 = c13 = TL.Zero;
            c20 = c21 = c22 = c23 = c30 = c31 = c32 = c33 = TL.Zero;
        }

        var ld2 = ld + ld;
        var ld3 = ld2 + ld;
        for (nint s = 0; s < cols; s += 16)
        {
            TL d0 = TL.Load(dz + s), d1 = TL.Load(dz + ld + s), d2 = TL.Load(dz + ld2 + s), d3 = TL.Load(dz + ld3 + s);
            var v = TL.Load(x + s);
            c00 = TL.Fma(v, d0, c00); c01 = TL.Fma(v, d1, c01); c02 = TL.Fma(v, d2, c02); c03 = TL.Fma(v, d3, c03);
            v = TL.Load(x + ld + s);
            c10 = TL.Fma(v, d0, c10); c11 = TL.Fma(v, d1, c11); c12 = TL.Fma(v, d2, c12); c13 = TL.Fma(v, d3, c13);
            v = TL.Load(x + ld2 + s);
            c20 = TL.Fma(v, d0, c20); c21 = TL.Fma(v, d1, c21); c22 = TL.Fma(v, d2, c22); c23 = TL.Fma(v, d3, c23);
            v = TL.Load(x + ld3 + s);
            c30 = TL.Fma(v, d0, c30); c31 = TL.Fma(v, d1, c31); c32 = TL.Fma(v, d2, c32); c33 = TL.Fma(v, d3, c33);
        }

        TL.Store(p, c00); TL.Store(p + 16, c01); TL.Store(p + 32, c02); TL.Store(p + 48, c03);
        TL.Store(p + 64, c10); TL.Store(p + 80, c11); TL.Store(p + 96, c12); TL.Store(p + 112, c13);
        TL.Store(p + 128, c20); TL.Store(p + 144, c21); TL.Store(p + 160, c22); TL.Store(p + 176, c23);
        TL.Store(p + 192, c30); TL.Store(p + 208, c31); TL.Store(p + 224, c32); TL.Store(p + 240, c33);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Grad4x4(float* x, float* dz, nint ld, int cols, float* dw, nint outs)
    {
        TL c00 = TL.Zero, c01 = TL.Zero, c02 = TL.Zero, c03 = TL.Zero;
        TL c10 = TL.Zero, c11 = TL.Zero, c12 = TL.Zero, c13 = TL.Zero;
        TL c20 = TL.Zero, c21 = TL.Zero, c22 = TL.Zero, c23 = TL.Zero;
        TL c30 = TL.Zero, c31 = TL.Zero, c32 = TL.Zero, c33 = TL.Zero;
        var ld2 = ld + ld;
        var ld3 = ld2 + ld;
        for (nint s = 0; s < cols; s += 16)
        {
            TL d0 = TL.Load(dz + s), d1 = TL.Load(dz + ld + s), d2 = TL.Load(dz + ld2 + s), d3 = TL.Load(dz + ld3 + s);
            var v = TL.Load(x + s);
            c00 = TL.Fma(v, d0, c00); c01 = TL.Fma(v, d1, c01); c02 = TL.Fma(v, d2, c02); c03 = TL.Fma(v, d3, c03);
            v = TL.Load(x + ld + s);
            c10 = TL.Fma(v, d0, c10); c11 = TL.Fma(v, d1, c11); c12 = TL.Fma(v, d2, c12); c13 = TL.Fma(v, d3, c13);
            v = TL.Load(x + ld2 + s);
            c20 = TL.Fma(v, d0, c20); c21 = TL.Fma(v, d1, c21); c22 = TL.Fma(v, d2, c22); c23 = TL.Fma(v, d3, c23);
            v = TL.Load(x + ld3 + s);
            c30 = TL.Fma(v, d0, c30); c31 = TL.Fma(v, d1, c31); c32 = TL.Fma(v, d2, c32); c33 = TL.Fma(v, d3, c33);
        }

        TL.StoreSums4x4(dw, outs, c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Grad4x1(float* x, float* dz, nint ld, int cols, float* dw, nint outs)
    {
        TL c0 = TL.Zero, c1 = TL.Zero, c2 = TL.Zero, c3 = TL.Zero;
        var ld2 = ld + ld;
        var ld3 = ld2 + ld;
        for (nint s = 0; s < cols; s += 16)
        {
            var d = TL.Load(dz + s);
            c0 = TL.Fma(TL.Load(x + s), d, c0);
            c1 = TL.Fma(TL.Load(x + ld + s), d, c1);
            c2 = TL.Fma(TL.Load(x + ld2 + s), d, c2);
            c3 = TL.Fma(TL.Load(x + ld3 + s), d, c3);
        }

        dw[0] = TL.Sum(c0);
        dw[outs] = TL.Sum(c1);
        dw[2 * outs] = TL.Sum(c2);
        dw[3 * outs] = TL.Sum(c3);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Grad1x4(float* x, float* dz, nint ld, int cols, float* dw)
    {
        TL c0 = TL.Zero, c1 = TL.Zero, c2 = TL.Zero, c3 = TL.Zero;
        var ld2 = ld + ld;
        var ld3 = ld2 + ld;
        for (nint s = 0; s < cols; s += 16)
        {
            var v = TL.Load(x + s);
            c0 = TL.Fma(v, TL.Load(dz + s), c0);
            c1 = TL.Fma(v, TL.Load(dz + ld + s), c1);
            c2 = TL.Fma(v, TL.Load(dz + ld2 + s), c2);
            c3 = TL.Fma(v, TL.Load(dz + ld3 + s), c3);
        }

        dw[0] = TL.Sum(c0);
        dw[1] = TL.Sum(c1);
        dw[2] = TL.Sum(c2);
        dw[3] = TL.Sum(c3);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float Dot(float* x, float* d, int cols)
    {
        var c = TL.Zero;
        for (nint s = 0; s < cols; s += 16) c = TL.Fma(TL.Load(x + s), TL.Load(d + s), c);
        return TL.Sum(c);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BiasGrad4(float* dz, nint ld, int cols, float* db)
    {
        TL c0 = TL.Zero, c1 = TL.Zero, c2 = TL.Zero, c3 = TL.Zero;
        var ld2 = ld + ld;
        var ld3 = ld2 + ld;
        for (nint s = 0; s < cols; s += 16)
        {
            c0 = TL.Add(c0, TL.Load(dz + s));
            c1 = TL.Add(c1, TL.Load(dz + ld + s));
            c2 = TL.Add(c2, TL.Load(dz + ld2 + s));
            c3 = TL.Add(c3, TL.Load(dz + ld3 + s));
        }

        db[0] = TL.Sum(c0);
        db[1] = TL.Sum(c1);
        db[2] = TL.Sum(c2);
        db[3] = TL.Sum(c3);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float RowSum(float* d, int cols)
    {
        var c = TL.Zero;
        for (nint s = 0; s < cols; s += 16) c = TL.Add(c, TL.Load(d + s));
        return TL.Sum(c);
    }

    /// <summary>Σ v[i]² over n values: full 16-blocks in the fixed lane order, then the tail in ascending order (fused).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float SumOfSquares(float* v, int n)
    {
        var c = TL.Zero;
        var i = 0;
        for (; i + 16 <= n; i += 16)
        {
            var x = TL.Load(v + i);
            c = TL.Fma(x, x, c);
        }

        var sum = TL.Sum(c);
        for (; i < n; i++) sum = Scalar.Fma(v[i], v[i], sum);
        return sum;
    }

    /// <summary>
    /// Adam, TensorFlow's ApplyAdam per element: m += (g − m)·c1; v += (g·g − v)·c2;
    /// θ −= (m·alpha) / (sqrt(v) + eps). m and v are flushed (<see cref="Scalar.FlushSubnormal"/>) before
    /// they are used and stored: a moment that decays below 2^−126 (a dead unit's, whose g is 0) would
    /// otherwise stay subnormal for good, and on Intel cores every vector operation on a subnormal
    /// takes a microcode assist (Adam was 35% of the CleanRL update on a Xeon).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Adam(float* theta, float* g, float* m, float* v, int n, float c1, float c2, float alpha, float eps)
    {
        var i = 0;
        TL vc1 = TL.Splat(c1), vc2 = TL.Splat(c2), va = TL.Splat(alpha), ve = TL.Splat(eps);
        for (; i + 16 <= n; i += 16)
        {
            var gi = TL.Load(g + i);
            var mi = TL.Load(m + i);
            var vi = TL.Load(v + i);
            mi = TL.FlushSubnormal(TL.Add(mi, TL.Mul(TL.Sub(gi, mi), vc1)));
            vi = TL.FlushSubnormal(TL.Add(vi, TL.Mul(TL.Sub(TL.Mul(gi, gi), vi), vc2)));
            TL.Store(m + i, mi);
            TL.Store(v + i, vi);
            TL.Store(theta + i, TL.Sub(TL.Load(theta + i), TL.Div(TL.Mul(mi, va), TL.Add(TL.Sqrt(vi), ve))));
        }

        for (; i < n; i++)
        {
            var gi = g[i];
            var mi = Scalar.FlushSubnormal(m[i] + (gi - m[i]) * c1);
            var vi = Scalar.FlushSubnormal(v[i] + (gi * gi - v[i]) * c2);
            m[i] = mi;
            v[i] = vi;
            theta[i] = theta[i] - mi * alpha / (MathF.Sqrt(vi) + eps);
        }
    }

    /// <summary>
    /// SGD with momentum, Keras' rule per element: v = v·momentum; v = g·(−lr) + v (rounded after the
    /// product: not fused); θ += v. v is flushed as Adam's moments are.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Momentum(float* theta, float* g, float* velocity, int n, float momentum, float lr)
    {
        var i = 0;
        TL vm = TL.Splat(momentum), vl = TL.Splat(-lr);
        for (; i + 16 <= n; i += 16)
        {
            var vi = TL.FlushSubnormal(TL.Add(TL.Mul(TL.Load(g + i), vl), TL.Mul(TL.Load(velocity + i), vm)));
            TL.Store(velocity + i, vi);
            TL.Store(theta + i, TL.Add(TL.Load(theta + i), vi));
        }

        for (; i < n; i++)
        {
            var vi = Scalar.FlushSubnormal(g[i] * -lr + velocity[i] * momentum);
            velocity[i] = vi;
            theta[i] = theta[i] + vi;
        }
    }

    /// <summary>
    /// RMSProp, TensorFlow 1's ApplyRMSProp per element: ms += (g·g − ms)·c; mom = mom·momentum +
    /// (g·lr) / sqrt(ms + eps); θ −= mom. ms and mom are flushed as Adam's moments are.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RmsProp(float* theta, float* g, float* ms, float* mom, int n, float c, float lr, float momentum, float eps)
    {
        var i = 0;
        TL vc = TL.Splat(c), vl = TL.Splat(lr), vm = TL.Splat(momentum), ve = TL.Splat(eps);
        for (; i + 16 <= n; i += 16)
        {
            var gi = TL.Load(g + i);
            var si = TL.Load(ms + i);
            si = TL.FlushSubnormal(TL.Add(si, TL.Mul(TL.Sub(TL.Mul(gi, gi), si), vc)));
            var mi = TL.FlushSubnormal(TL.Add(TL.Mul(TL.Load(mom + i), vm), TL.Div(TL.Mul(gi, vl), TL.Sqrt(TL.Add(si, ve)))));
            TL.Store(ms + i, si);
            TL.Store(mom + i, mi);
            TL.Store(theta + i, TL.Sub(TL.Load(theta + i), mi));
        }

        for (; i < n; i++)
        {
            var gi = g[i];
            var si = Scalar.FlushSubnormal(ms[i] + (gi * gi - ms[i]) * c);
            var mi = Scalar.FlushSubnormal(mom[i] * momentum + gi * lr / MathF.Sqrt(si + eps));
            ms[i] = si;
            mom[i] = mi;
            theta[i] = theta[i] - mi;
        }
    }
}
