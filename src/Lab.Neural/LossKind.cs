namespace Lab.Neural;

/// <summary>
/// The loss on the taken action's Q value only, averaged over the batch: d = q[i, a[i]] − y[i].
/// The other actions' outputs get no gradient. See docs/NEURAL.md for how this relates to Keras'
/// <c>mse</c> on a full target vector.
/// </summary>
public enum LossKind
{
    /// <summary>d²; gradient 2d / batch.</summary>
    Mse,

    /// <summary>Huber with δ = 1: d²/2 where |d| ≤ 1, |d| − 1/2 elsewhere; gradient clamp(d, −1, 1) / batch.</summary>
    Huber,
}
