namespace Lab.Neural.Kernels;

/// <summary>What a GEMM does to its result block before leaving it (fused, while the block is in L1).</summary>
internal enum Epilogue
{
    /// <summary>Nothing (linear output, or a gradient with no activation below it).</summary>
    None,

    /// <summary>Forward ReLU.</summary>
    Relu,

    /// <summary>Forward tanh.</summary>
    Tanh,

    /// <summary>Backward through a ReLU whose output is in the auxiliary matrix: y &gt; 0 ? d : 0.</summary>
    ReluBackward,

    /// <summary>Backward through a tanh whose output is in the auxiliary matrix: d·(1 − y·y).</summary>
    TanhBackward,
}
