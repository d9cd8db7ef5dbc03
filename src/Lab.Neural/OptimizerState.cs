using System.Runtime.CompilerServices;
using Lab.Neural.Kernels;
using System.Numerics.Tensors;

namespace Lab.Neural;

/// <summary>The optimizer state of one network and its update over the flat parameter vector.</summary>
internal sealed unsafe class OptimizerState
{
    private readonly float[] first;   // Adam m, RMSProp ms, SGD velocity
    private readonly float[] second;  // Adam v, RMSProp mom
    private readonly float* s1;
    private readonly float* s2;
    private double beta1Power = 1.0;
    private double beta2Power = 1.0;

    public OptimizerState(OptimizerSettings settings, int count)
    {
        settings.Validate();
        Settings = settings;
        first = GC.AllocateArray<float>(count, pinned: true);
        second = GC.AllocateArray<float>(count, pinned: true);
        s1 = Pinned.Address(first);
        s2 = Pinned.Address(second);
        // TensorFlow 1 starts RMSProp's mean square at 1, not 0.
        if (settings.Kind == OptimizerKind.RmsProp) Array.Fill(first, 1f);
    }

    public OptimizerSettings Settings { get; }

    /// <summary>Updates taken so far.</summary>
    public long Steps { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Step<TL>(float[] parameters, float[] gradients) where TL : struct, ILanes<TL>
    {
        var n = parameters.Length;
        var theta = Pinned.Address(parameters);
        var g = Pinned.Address(gradients);
        var s = Settings;
        if (s.ClipNorm is { } clip)
        {
            var norm = Math.Sqrt(Kernels<TL>.SumOfSquares(g, n));
            if (norm > clip) TensorPrimitives.Multiply(gradients, (float)(clip / norm), gradients);
        }

        Steps++;
        switch (s.Kind)
        {
            case OptimizerKind.Adam:
                beta1Power *= s.Beta1;
                beta2Power *= s.Beta2;
                var alpha = s.LearningRate * Math.Sqrt(1.0 - beta2Power) / (1.0 - beta1Power);
                Kernels<TL>.Adam(theta, g, s1, s2, n, (float)(1.0 - s.Beta1), (float)(1.0 - s.Beta2), (float)alpha, (float)s.Epsilon);
                break;
            case OptimizerKind.RmsProp:
                Kernels<TL>.RmsProp(theta, g, s1, s2, n, (float)(1.0 - s.Rho), (float)s.LearningRate, (float)s.Momentum, (float)s.Epsilon);
                break;
            default:
                var lr = (float)s.LearningRate;
                if (s.Momentum == 0)
                {
                    // θ + g·(−lr) = θ − g·lr exactly.
                    TensorPrimitives.MultiplyAdd(gradients, -lr, parameters, parameters);
                }
                else
                {
                    Kernels<TL>.Momentum(theta, g, s1, n, (float)s.Momentum, lr);
                }

                break;
        }
    }
}
