namespace Lab.Agent;

/// <summary>The config's <c>network.init</c>: which <see cref="Lab.Neural.WeightInit"/> the network keys make.</summary>
public enum WeightInitKind
{
    /// <summary>Keras' default glorot_uniform.</summary>
    GlorotUniform,

    /// <summary>N(0, init_stddev²) (notebook 001).</summary>
    Normal,
}
