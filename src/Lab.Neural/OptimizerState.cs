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
    private float adamAlpha; // this step's lr·sqrt(1 − β2^t)/(1 − β1^t), set by Prepare

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

    /// <summary>What an update does once for the whole vector: the clipping (whose norm is one sum over all of it) and the step count.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Prepare<TL>(float[] gradients) where TL : struct, ILanes<TL>
    {
        var s = Settings;
        if (s.ClipNorm is { } clip)
        {
            var norm = Math.Sqrt(Kernels<TL>.SumOfSquares(Pinned.Address(gradients), gradients.Length));
            if (norm > clip) TensorPrimitives.Multiply(gradients, (float)(clip / norm), gradients);
        }

        Steps++;
        if (s.Kind == OptimizerKind.Adam)
        {
            beta1Power *= s.Beta1;
            beta2Power *= s.Beta2;
            adamAlpha = (float)(s.LearningRate * Math.Sqrt(1.0 - beta2Power) / (1.0 - beta1Power));
        }
    }

    /// <summary>The element-wise update of elements [from, to) (after <see cref="Prepare{TL}"/>); disjoint ranges may run at the same time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Apply<TL>(float[] parameters, float[] gradients, int from, int to) where TL : struct, ILanes<TL>
    {
        var n = to - from;
        var theta = Pinned.Address(parameters) + from;
        var g = Pinned.Address(gradients) + from;
        var m = s1 + from;
        var v = s2 + from;
        var s = Settings;
        switch (s.Kind)
        {
            case OptimizerKind.Adam:
                Kernels<TL>.Adam(theta, g, m, v, n, (float)(1.0 - s.Beta1), (float)(1.0 - s.Beta2), adamAlpha, (float)s.Epsilon);
                break;
            case OptimizerKind.RmsProp:
                Kernels<TL>.RmsProp(theta, g, m, v, n, (float)(1.0 - s.Rho), (float)s.LearningRate, (float)s.Momentum, (float)s.Epsilon);
                break;
            default:
                var lr = (float)s.LearningRate;
                if (s.Momentum == 0)
                {
                    // θ + g·(−lr) = θ − g·lr exactly.
                    var range = parameters.AsSpan(from, n);
                    TensorPrimitives.MultiplyAdd(gradients.AsSpan(from, n), -lr, range, range);
                }
                else
                {
                    Kernels<TL>.Momentum(theta, g, m, n, (float)s.Momentum, lr);
                }

                break;
        }
    }
}
