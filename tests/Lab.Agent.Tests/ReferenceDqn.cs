using Lab.Neural;

namespace Lab.Agent.Tests;

/// <summary>
/// An independent float64 DQN update written from the published formulas and docs/NEURAL.md, sharing no
/// code with Lab.Neural or Lab.Core beyond the parameter layout (layer by layer: W as in×out row-major,
/// W[k, j] at k·out + j, then b; hidden activation; linear output):
/// <list type="bullet">
/// <item>Bellman targets (Mnih et al. 2015; van Hasselt et al. 2016): y = r where terminal, else
/// r + γ·max_a' Q_target(s', a') (vanilla) or r + γ·Q_target(s', argmax_a' Q_online(s', a')) (double,
/// lowest index among ties).</item>
/// <item>Loss on the taken action only, mean over the batch B: MSE d² (dL/dQ = 2d/B) or Huber δ = 1
/// (dL/dQ = clamp(d, −1, 1)/B). Keras' mse on the full target vector is this divided by the number of
/// actions (docs/NEURAL.md, "Relation to Keras' mse"); Lab.Neural does not divide, so neither do we.</item>
/// <item>Clipping by global norm: g ← g·c/max(‖g‖, c).</item>
/// <item>Adam in TensorFlow's ApplyAdam form (ε added to sqrt(v), not to sqrt(v̂)):
/// m ← m + (g − m)(1 − β1); v ← v + (g² − v)(1 − β2); αt = lr·sqrt(1 − β2^t)/(1 − β1^t);
/// θ ← θ − m·αt/(sqrt(v) + ε). RMSProp as TF1 (mean square starts at 1): ms ← ms + (g² − ms)(1 − ρ);
/// mom ← momentum·mom + lr·g/sqrt(ms + ε); θ ← θ − mom. SGD: θ ← θ − lr·g, or with momentum
/// v ← momentum·v − lr·g; θ ← θ + v.</item>
/// </list>
/// </summary>
internal sealed class ReferenceDqn
{
    private readonly int[] sizes;
    private readonly Activation activation;

    public ReferenceDqn(NetworkShape shape)
    {
        sizes = shape.LayerSizes();
        activation = shape.Activation;
        ParameterCount = 0;
        for (var l = 0; l + 1 < sizes.Length; l++) ParameterCount += sizes[l] * sizes[l + 1] + sizes[l + 1];
    }

    public int ParameterCount { get; }
    public int Inputs => sizes[0];
    public int Outputs => sizes[^1];

    /// <summary>Every layer's outputs (index 0 the input) for one state.</summary>
    public double[][] ForwardLayers(double[] theta, ReadOnlySpan<double> state)
    {
        var layers = new double[sizes.Length][];
        layers[0] = state.ToArray();
        var offset = 0;
        for (var l = 0; l + 1 < sizes.Length; l++)
        {
            int ins = sizes[l], outs = sizes[l + 1];
            var x = layers[l];
            var y = new double[outs];
            for (var j = 0; j < outs; j++)
            {
                var z = theta[offset + ins * outs + j];
                for (var k = 0; k < ins; k++) z += x[k] * theta[offset + k * outs + j];
                y[j] = l + 2 < sizes.Length ? Activate(z) : z;
            }

            layers[l + 1] = y;
            offset += ins * outs + outs;
        }

        return layers;
    }

    public double[] Q(double[] theta, ReadOnlySpan<double> state) => ForwardLayers(theta, state)[^1];

    private double Activate(double z) => activation switch
    {
        Activation.Relu => z > 0 ? z : 0,
        Activation.Tanh => Math.Tanh(z),
        _ => z,
    };

    /// <summary>f′ from the layer's output y: ReLU 1 where y > 0, tanh 1 − y², linear 1.</summary>
    private double Derivative(double y) => activation switch
    {
        Activation.Relu => y > 0 ? 1 : 0,
        Activation.Tanh => 1 - y * y,
        _ => 1,
    };

    public static int ArgMax(double[] values)
    {
        var best = 0;
        for (var a = 1; a < values.Length; a++)
            if (values[a] > values[best]) best = a;
        return best;
    }

    /// <summary>Bellman targets for a batch of transitions.</summary>
    public double[] Targets(double gamma, IReadOnlyList<Transition> batch, double[] onlineTheta, double[] targetTheta,
        bool doubleDqn)
    {
        var y = new double[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var t = batch[i];
            if (t.Terminal)
            {
                y[i] = t.Reward;
                continue;
            }

            var qTarget = Q(targetTheta, t.Next);
            var next = doubleDqn ? qTarget[ArgMax(Q(onlineTheta, t.Next))] : qTarget.Max();
            y[i] = t.Reward + gamma * next;
        }

        return y;
    }

    /// <summary>Mean loss on the taken actions and its gradient with respect to every parameter.</summary>
    public (double Loss, double[] Gradient) LossAndGradient(double[] theta, IReadOnlyList<double[]> states,
        IReadOnlyList<int> actions, IReadOnlyList<double> targets, LossKind loss)
    {
        var batch = states.Count;
        var gradient = new double[ParameterCount];
        double total = 0;
        for (var i = 0; i < batch; i++)
        {
            var layers = ForwardLayers(theta, states[i]);
            var d = layers[^1][actions[i]] - targets[i];
            double dq;
            if (loss == LossKind.Mse)
            {
                total += d * d;
                dq = 2 * d / batch;
            }
            else
            {
                total += Math.Abs(d) <= 1 ? 0.5 * d * d : Math.Abs(d) - 0.5;
                dq = Math.Clamp(d, -1, 1) / batch;
            }

            var delta = new double[Outputs];
            delta[actions[i]] = dq;
            var offset = ParameterCount;
            for (var l = sizes.Length - 2; l >= 0; l--)
            {
                int ins = sizes[l], outs = sizes[l + 1];
                offset -= ins * outs + outs;
                var x = layers[l];
                for (var j = 0; j < outs; j++)
                {
                    gradient[offset + ins * outs + j] += delta[j];
                    for (var k = 0; k < ins; k++) gradient[offset + k * outs + j] += x[k] * delta[j];
                }

                if (l == 0) break;
                var below = new double[ins];
                for (var k = 0; k < ins; k++)
                {
                    double sum = 0;
                    for (var j = 0; j < outs; j++) sum += theta[offset + k * outs + j] * delta[j];
                    below[k] = sum * Derivative(x[k]);
                }

                delta = below;
            }
        }

        return (total / batch, gradient);
    }

    public static void ClipByGlobalNorm(double[] gradient, double? clipNorm)
    {
        if (clipNorm is not { } c) return;
        var norm = Math.Sqrt(gradient.Sum(x => x * x));
        if (norm <= c) return;
        for (var i = 0; i < gradient.Length; i++) gradient[i] *= c / norm;
    }

    /// <summary>One transition in float64.</summary>
    public sealed record Transition(double[] State, int Action, double Reward, double[] Next, bool Terminal);

    /// <summary>An optimizer's state and update, in float64.</summary>
    public sealed class Optimizer(OptimizerSettings settings, int count)
    {
        private readonly double[] first = settings.Kind == OptimizerKind.RmsProp ? Enumerable.Repeat(1.0, count).ToArray() : new double[count];
        private readonly double[] second = new double[count];
        private double beta1Power = 1, beta2Power = 1;

        public OptimizerSettings Settings => settings;

        /// <summary>Applies one update to <paramref name="theta"/> in place (the gradient already clipped).</summary>
        public void Step(double[] theta, double[] g)
        {
            var s = settings;
            switch (s.Kind)
            {
                case OptimizerKind.Adam:
                    beta1Power *= s.Beta1;
                    beta2Power *= s.Beta2;
                    var alpha = s.LearningRate * Math.Sqrt(1 - beta2Power) / (1 - beta1Power);
                    for (var i = 0; i < theta.Length; i++)
                    {
                        first[i] += (g[i] - first[i]) * (1 - s.Beta1);
                        second[i] += (g[i] * g[i] - second[i]) * (1 - s.Beta2);
                        theta[i] -= first[i] * alpha / (Math.Sqrt(second[i]) + s.Epsilon);
                    }

                    break;
                case OptimizerKind.RmsProp:
                    for (var i = 0; i < theta.Length; i++)
                    {
                        first[i] += (g[i] * g[i] - first[i]) * (1 - s.Rho);
                        second[i] = s.Momentum * second[i] + s.LearningRate * g[i] / Math.Sqrt(first[i] + s.Epsilon);
                        theta[i] -= second[i];
                    }

                    break;
                default:
                    for (var i = 0; i < theta.Length; i++)
                    {
                        if (s.Momentum == 0)
                        {
                            theta[i] -= s.LearningRate * g[i];
                        }
                        else
                        {
                            first[i] = s.Momentum * first[i] - s.LearningRate * g[i];
                            theta[i] += first[i];
                        }
                    }

                    break;
            }
        }
    }

    public static double[] ToDouble(ReadOnlySpan<float> values)
    {
        var result = new double[values.Length];
        for (var i = 0; i < values.Length; i++) result[i] = values[i];
        return result;
    }
}
