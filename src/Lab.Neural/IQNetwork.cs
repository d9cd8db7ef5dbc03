namespace Lab.Neural;

/// <summary>
/// A Q-network: states in, one Q value per action out. Implementations are single-threaded (one
/// network per thread) and allocate nothing per call after construction.
/// </summary>
public interface IQNetwork
{
    /// <summary>The layer sizes and activation.</summary>
    NetworkShape Shape { get; }

    /// <summary>The largest batch that <see cref="Predict"/> and <see cref="TrainStep"/> accept.</summary>
    int MaxBatch { get; }

    /// <summary>The number of weights and biases.</summary>
    int ParameterCount { get; }

    /// <summary>
    /// Q values for <paramref name="batch"/> states (row-major, batch × Inputs) into
    /// <paramref name="q"/> (row-major, batch × Outputs). Row i of the result does not depend on the
    /// other rows, the batch size or the machine: it is bit for bit the same as predicting row i alone.
    /// </summary>
    void Predict(ReadOnlySpan<float> states, int batch, Span<float> q);

    /// <summary>
    /// One optimizer step: forward, loss on q[i, actions[i]] against targets[i], backward, optional
    /// clipping, update. Returns the mean loss over the batch (before the update).
    /// </summary>
    float TrainStep(ReadOnlySpan<float> states, ReadOnlySpan<int> actions, ReadOnlySpan<float> targets, int batch);

    /// <summary>Hard target sync: copies this network's parameters into <paramref name="target"/> (same shape).</summary>
    void CopyParametersTo(IQNetwork target);

    /// <summary>Polyak averaging: θ ← τ·θ_source + (1 − τ)·θ, element by element, in float32.</summary>
    void SoftUpdateFrom(IQNetwork source, float tau);
}
