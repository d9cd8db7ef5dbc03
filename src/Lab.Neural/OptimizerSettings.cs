namespace Lab.Neural;

/// <summary>
/// The optimizer of a trainable network. Update rules (g the gradient after optional clipping,
/// t the step count from 1, all arithmetic in float32 in the order written):
/// <list type="bullet">
/// <item><b>Adam</b> (Kingma &amp; Ba 2015, the form of their section 2 that TensorFlow's ApplyAdam and
/// Keras use): m += (g − m)(1 − β1); v += (g² − v)(1 − β2); αt = lr·sqrt(1 − β2^t)/(1 − β1^t)
/// (in float64); θ −= m·αt / (sqrt(v) + ε). Defaults β1 0.9, β2 0.999, ε 1e-7 (Keras; PyTorch uses
/// 1e-8 and adds ε to sqrt(v̂) instead, which differs only while sqrt(v̂) is near ε).</item>
/// <item><b>RMSProp</b> as TensorFlow 1's ApplyRMSProp: ms starts at 1; ms += (g² − ms)(1 − ρ);
/// mom = momentum·mom + lr·g / sqrt(ms + ε); θ −= mom. TF1's defaults are ρ 0.9, momentum 0,
/// ε 1e-10: pass <c>Epsilon: 1e-10</c> to reproduce it exactly (this record's default is Adam's).</item>
/// <item><b>SGD</b>: θ −= lr·g; with momentum (Keras' SGD): v = momentum·v − lr·g; θ += v.</item>
/// </list>
/// <paramref name="ClipNorm"/>: when set, the whole gradient vector is scaled by
/// ClipNorm / max(‖g‖₂, ClipNorm) before the update (TensorFlow's clip_by_global_norm).
/// </summary>
public sealed record OptimizerSettings(
    OptimizerKind Kind,
    double LearningRate,
    double Beta1 = 0.9,
    double Beta2 = 0.999,
    double Epsilon = 1e-7,
    double Rho = 0.9,
    double Momentum = 0.0,
    double? ClipNorm = null)
{
    /// <summary>Throws ArgumentOutOfRangeException naming the first setting out of its range.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Kind)) throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "unknown optimizer");
        if (!(LearningRate >= 0) || double.IsInfinity(LearningRate)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "the learning rate must be finite and non-negative");
        if (!(Beta1 >= 0 && Beta1 < 1)) throw new ArgumentOutOfRangeException(nameof(Beta1), Beta1, "beta1 must be in [0, 1)");
        if (!(Beta2 >= 0 && Beta2 < 1)) throw new ArgumentOutOfRangeException(nameof(Beta2), Beta2, "beta2 must be in [0, 1)");
        if (!(Epsilon >= 0) || double.IsInfinity(Epsilon)) throw new ArgumentOutOfRangeException(nameof(Epsilon), Epsilon, "epsilon must be finite and non-negative");
        if (!(Rho >= 0 && Rho < 1)) throw new ArgumentOutOfRangeException(nameof(Rho), Rho, "rho must be in [0, 1)");
        if (!(Momentum >= 0 && Momentum < 1)) throw new ArgumentOutOfRangeException(nameof(Momentum), Momentum, "momentum must be in [0, 1)");
        if (ClipNorm is { } c && !(c > 0 && double.IsFinite(c))) throw new ArgumentOutOfRangeException(nameof(ClipNorm), c, "the clip norm must be positive and finite");
    }
}
