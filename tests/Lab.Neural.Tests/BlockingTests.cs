using Lab.Neural.Kernels;

namespace Lab.Neural.Tests;

/// <summary>
/// However the kernels block and pack the work, every output must be the documented chain: a GEMM
/// output is its bias (or 0), then one fused multiply-add per k in ascending k, then the epilogue;
/// a weight gradient is 16 partial sums (partial l over samples s ≡ l mod 16, ascending) folded in
/// <see cref="Scalar.Sum16"/>'s order. The expected values are computed here, element by element,
/// with MathF.FusedMultiplyAdd, and every lane implementation must match them bit for bit. The sizes
/// cross every blocking threshold: several depth blocks, rows left over after the 4-row blocks,
/// columns left over after the 64-sample panels, several gradient tiles with outputs left over.
/// </summary>
public sealed unsafe class BlockingTests
{
    public static TheoryData<string, int, int, int> GemmCases()
    {
        var data = new TheoryData<string, int, int, int>();
        foreach (var path in Enum.GetValues<KernelPath>())
        {
            if (!KernelPaths.IsSupported(path)) continue;
            data.Add(path.ToString(), 70, 2 * Kernels<LScalar>.DepthBlock + 22, 1040); // packed: 3 depth blocks, 2 rows and 16 columns left over
            data.Add(path.ToString(), 18, 40, 1024); // packed because the batch is wide (ld ≥ 1024)
            data.Add(path.ToString(), 11, 20, 48); // unpacked: too small to pay; 6 + 4 + 1 rows
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(GemmCases))]
    public void Given_a_layer_when_multiplying_forward_and_backward_then_each_output_is_the_documented_chain(string pathName, int rows, int depth, int cols)
    {
        var ld = cols;
        var w = Data.Uniform(rows * depth, -1, 1, 1);
        var bias = Data.Uniform(rows, -1, 1, 2);
        var x = Data.Uniform(depth * ld, -1, 1, 3);
        var aux = Data.Uniform(rows * ld, -1, 1, 4);

        // Forward: W stored in × out (depth × rows), A[m, k] = W[k·rows + m]; ReLU epilogue.
        var forward = Run(pathName, w, 1, rows, rows, depth, x, ld, cols, bias, Epilogue.Relu, aux);
        var expected = new float[rows * ld];
        for (var m = 0; m < rows; m++)
            for (var s = 0; s < cols; s++)
            {
                var c = bias[m];
                for (var k = 0; k < depth; k++) c = MathF.FusedMultiplyAdd(w[k * rows + m], x[k * ld + s], c);
                expected[m * ld + s] = c > 0f ? c : 0f;
            }

        Assert.True(Data.BitEqual(expected, forward), $"forward {pathName} {rows}×{depth}×{cols}");

        // Backward: W stored rows × depth (ins × outs), A[m, k] = W[m·depth + k]; no bias; ReLU-derivative epilogue.
        var backward = Run(pathName, w, depth, 1, rows, depth, x, ld, cols, null, Epilogue.ReluBackward, aux);
        for (var m = 0; m < rows; m++)
            for (var s = 0; s < cols; s++)
            {
                var c = 0f;
                for (var k = 0; k < depth; k++) c = MathF.FusedMultiplyAdd(w[m * depth + k], x[k * ld + s], c);
                expected[m * ld + s] = aux[m * ld + s] > 0f ? c : 0f;
            }

        Assert.True(Data.BitEqual(expected, backward), $"backward {pathName} {rows}×{depth}×{cols}");
    }

    public static TheoryData<string> Paths()
    {
        var data = new TheoryData<string>();
        foreach (var path in Enum.GetValues<KernelPath>())
            if (KernelPaths.IsSupported(path)) data.Add(path.ToString());
        return data;
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Given_a_wide_batch_when_computing_weight_gradients_then_each_is_sixteen_ordered_partials_folded_in_the_documented_order(string pathName)
    {
        // 2064 samples: tiled (on wide lanes) in chunks of 512 and one of 16; 134 outputs = 8 tiles of 16,
        // one of 4 and 2 left over; 130 inputs = 8 tiles and 2 left over.
        const int ins = 130, outs = 134, cols = 2064;
        var x = Data.Uniform(ins * cols, -1, 1, 5);
        var dz = Data.Uniform(outs * cols, -1, 1, 6);
        var dw = new float[ins * outs];
        var db = new float[outs];
        var work = new float[Kernels<LScalar>.GradWorkSize];
        fixed (float* px = x, pd = dz, pw = dw, pb = db, pk = work)
        {
            switch (Enum.Parse<KernelPath>(pathName))
            {
                case KernelPath.Avx512: Kernels<L512>.WeightGrad(px, pd, ins, outs, cols, cols, pw, pb, pk); break;
                case KernelPath.Avx2: Kernels<L256x2>.WeightGrad(px, pd, ins, outs, cols, cols, pw, pb, pk); break;
                case KernelPath.Vector128: Kernels<L128x4>.WeightGrad(px, pd, ins, outs, cols, cols, pw, pb, pk); break;
                default: Kernels<LScalar>.WeightGrad(px, pd, ins, outs, cols, cols, pw, pb, pk); break;
            }
        }

        var partials = new float[16];
        for (var j = 0; j < outs; j++)
        {
            for (var k = 0; k < ins; k++)
            {
                Array.Clear(partials);
                for (var s = 0; s < cols; s++) partials[s % 16] = MathF.FusedMultiplyAdd(x[k * cols + s], dz[j * cols + s], partials[s % 16]);
                Assert.Equal(BitConverter.SingleToInt32Bits(Scalar.Sum16(partials)), BitConverter.SingleToInt32Bits(dw[k * outs + j]));
            }

            Array.Clear(partials);
            for (var s = 0; s < cols; s++) partials[s % 16] += dz[j * cols + s];
            Assert.Equal(BitConverter.SingleToInt32Bits(Scalar.Sum16(partials)), BitConverter.SingleToInt32Bits(db[j]));
        }
    }

    private static float[] Run(string pathName, float[] a, nint sm, nint sk, int rows, int depth, float[] b, int ld, int cols,
        float[]? bias, Epilogue epilogue, float[] aux)
    {
        var c = new float[rows * ld];
        var work = new float[Kernels<LScalar>.WorkSize(rows, depth)];
        fixed (float* pa = a, pb = b, pc = c, pbias = bias, paux = aux, pw = work)
        {
            switch (Enum.Parse<KernelPath>(pathName))
            {
                case KernelPath.Avx512: Kernels<L512>.Gemm(pa, sm, sk, rows, depth, pb, pc, ld, cols, pbias, epilogue, paux, pw); break;
                case KernelPath.Avx2: Kernels<L256x2>.Gemm(pa, sm, sk, rows, depth, pb, pc, ld, cols, pbias, epilogue, paux, pw); break;
                case KernelPath.Vector128: Kernels<L128x4>.Gemm(pa, sm, sk, rows, depth, pb, pc, ld, cols, pbias, epilogue, paux, pw); break;
                default: Kernels<LScalar>.Gemm(pa, sm, sk, rows, depth, pb, pc, ld, cols, pbias, epilogue, paux, pw); break;
            }
        }

        return c;
    }
}
