namespace Lab.Neural;

/// <summary>
/// A multi-layer perceptron: <paramref name="Inputs"/> → hidden layers (each followed by
/// <paramref name="Activation"/>) → <paramref name="Outputs"/> (linear). Two shapes are equal when
/// their sizes and activation are equal (the hidden sizes are compared element by element).
/// </summary>
public sealed record NetworkShape(int Inputs, IReadOnlyList<int> Hidden, int Outputs, Activation Activation)
{
    /// <summary>The most hidden layers a network file holds.</summary>
    public const int MaxHiddenLayers = 1024;

    /// <summary>The most weights and biases a network has: its parameters and gradients are single arrays.</summary>
    public static int MaxParameters => Array.MaxLength / 2;

    /// <summary>The number of inputs (the observation size), at least 1.</summary>
    public int Inputs { get; init; } = Inputs >= 1 ? Inputs : throw new ArgumentOutOfRangeException(nameof(Inputs), Inputs, "a network needs at least one input");

    /// <summary>The hidden layer sizes from the input side; may be empty (a linear model). A private copy.</summary>
    public IReadOnlyList<int> Hidden { get; init; } = CheckHidden(Hidden);

    /// <summary>The number of outputs (one Q value per action), at least 1.</summary>
    public int Outputs { get; init; } = Outputs >= 1 ? Outputs : throw new ArgumentOutOfRangeException(nameof(Outputs), Outputs, "a network needs at least one output");

    /// <summary>The activation of the hidden layers.</summary>
    public Activation Activation { get; init; } = Enum.IsDefined(Activation) ? Activation : throw new ArgumentOutOfRangeException(nameof(Activation), Activation, "unknown activation");

    /// <summary>Layer widths from input to output: Inputs, Hidden..., Outputs.</summary>
    public int[] LayerSizes()
    {
        var sizes = new int[Hidden.Count + 2];
        sizes[0] = Inputs;
        for (var i = 0; i < Hidden.Count; i++) sizes[i + 1] = Hidden[i];
        sizes[^1] = Outputs;
        return sizes;
    }

    /// <summary>Weights and biases of all layers: Σ (in·out + out).</summary>
    public int ParameterCount
    {
        get
        {
            var sizes = LayerSizes();
            long count = 0;
            for (var l = 0; l + 1 < sizes.Length; l++) count += (long)sizes[l] * sizes[l + 1] + sizes[l + 1];
            return count <= MaxParameters ? (int)count : throw new ArgumentOutOfRangeException(nameof(Hidden), "the network has too many parameters");
        }
    }

    /// <inheritdoc />
    public bool Equals(NetworkShape? other) =>
        other is not null && Inputs == other.Inputs && Outputs == other.Outputs && Activation == other.Activation
        && Hidden.SequenceEqual(other.Hidden);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Inputs);
        foreach (var h in Hidden) hash.Add(h);
        hash.Add(Outputs);
        hash.Add(Activation);
        return hash.ToHashCode();
    }

    /// <summary>For example "4-32-16-8-4-2 relu".</summary>
    public override string ToString() => $"{string.Join('-', LayerSizes())} {Activation.ToString().ToLowerInvariant()}";

    private static int[] CheckHidden(IReadOnlyList<int> hidden)
    {
        ArgumentNullException.ThrowIfNull(hidden, nameof(Hidden));
        var copy = hidden.ToArray();
        foreach (var h in copy)
            if (h < 1) throw new ArgumentOutOfRangeException(nameof(Hidden), h, "every hidden layer needs at least one unit");
        return copy;
    }
}
