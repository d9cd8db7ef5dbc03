using Lab.Core;

namespace Lab.Neural.Tests;

/// <summary>
/// An independent float64 implementation of the documented network, used as the ground truth:
/// parameters layer by layer, W[k, j] at k·out + j, then b; hidden activation; linear output.
/// </summary>
internal static class Reference
{
    public static double[] Forward(NetworkShape shape, double[] theta, ReadOnlySpan<float> state)
    {
        var sizes = shape.LayerSizes();
        var x = new double[sizes[0]];
        for (var k = 0; k < x.Length; k++) x[k] = state[k];
        var offset = 0;
        for (var l = 0; l + 1 < sizes.Length; l++)
        {
            int ins = sizes[l], outs = sizes[l + 1];
            var y = new double[outs];
            for (var j = 0; j < outs; j++)
            {
                var sum = theta[offset + ins * outs + j];
                for (var k = 0; k < ins; k++) sum += x[k] * theta[offset + k * outs + j];
                y[j] = l + 2 < sizes.Length ? Activate(shape.Activation, sum) : sum;
            }

            offset += ins * outs + outs;
            x = y;
        }

        return x;
    }

    public static double Activate(Activation activation, double x) => activation switch
    {
        Activation.Relu => Math.Max(x, 0),
        Activation.Tanh => Math.Tanh(x),
        _ => x,
    };

    /// <summary>Mean over the batch of the loss on the taken action.</summary>
    public static double Loss(NetworkShape shape, double[] theta, float[] states, int[] actions, float[] targets, int batch, LossKind loss)
    {
        double total = 0;
        for (var i = 0; i < batch; i++)
        {
            var q = Forward(shape, theta, states.AsSpan(i * shape.Inputs, shape.Inputs));
            var d = q[actions[i]] - targets[i];
            total += loss == LossKind.Mse ? d * d : Math.Abs(d) <= 1 ? 0.5 * d * d : Math.Abs(d) - 0.5;
        }

        return total / batch;
    }
}

/// <summary>Deterministic test data from Lab.Core's generator.</summary>
internal static class Data
{
    public static float[] Uniform(int count, double lo, double hi, ulong seed)
    {
        var values = new float[count];
        var rng = RngModule.ForStream(seed, "test-data");
        for (var i = 0; i < count; i++)
        {
            double u;
            (u, rng) = RngModule.NextUniform(lo, hi, rng);
            values[i] = (float)u;
        }

        return values;
    }

    public static int[] Ints(int count, int n, ulong seed)
    {
        var values = new int[count];
        var rng = RngModule.ForStream(seed, "test-ints");
        for (var i = 0; i < count; i++) (values[i], rng) = RngModule.NextInt(n, rng);
        return values;
    }

    public static OptimizerSettings Adam(double lr = 1e-3) => new(OptimizerKind.Adam, lr);

    /// <summary>SGD with learning rate 0: TrainStep leaves the parameters alone and fills the gradients.</summary>
    public static OptimizerSettings Frozen => new(OptimizerKind.Sgd, 0.0);

    public static bool BitEqual(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length) return false;
        for (var i = 0; i < a.Length; i++)
            if (BitConverter.SingleToInt32Bits(a[i]) != BitConverter.SingleToInt32Bits(b[i])) return false;
        return true;
    }
}
