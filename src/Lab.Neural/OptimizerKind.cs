namespace Lab.Neural;

/// <summary>The update rule applied by <see cref="QNetwork.TrainStep"/>; see <see cref="OptimizerSettings"/>.</summary>
public enum OptimizerKind
{
    /// <summary>Adam (Kingma &amp; Ba 2015), bias-corrected, in the form TensorFlow and Keras compute it.</summary>
    Adam,

    /// <summary>RMSProp as TensorFlow 1's <c>tf.train.RMSPropOptimizer</c> (mean square initialized to 1).</summary>
    RmsProp,

    /// <summary>Plain stochastic gradient descent, with optional (Keras-style) momentum.</summary>
    Sgd,
}
