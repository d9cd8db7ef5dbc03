namespace Lab.Neural;

/// <summary>The activation of every hidden layer; the output layer is always linear.</summary>
public enum Activation
{
    /// <summary>max(x, 0), written as <c>x &gt; 0 ? x : 0</c> (so −0 and NaN become +0).</summary>
    Relu,

    /// <summary>tanh(x) by the rational 13/6 approximation of Eigen and XLA (within a few ulp of the true value), see docs/NEURAL.md.</summary>
    Tanh,

    /// <summary>The identity.</summary>
    Linear,
}
