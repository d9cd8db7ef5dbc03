using System.Runtime.CompilerServices;

namespace Lab.Neural.Kernels;

/// <summary>
/// What a GEMM applies to each 16-lane result before storing it, as a type so that the JIT compiles
/// one specialized kernel per epilogue (no branch in the kernel). <paramref name="aux"/> points at
/// the same position of the auxiliary matrix (the stored activation, for the backward epilogues).
/// </summary>
internal unsafe interface IEpilogue
{
    static abstract TL Apply<TL>(TL acc, float* aux) where TL : struct, ILanes<TL>;
}

internal readonly unsafe struct NoEpilogue : IEpilogue
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TL Apply<TL>(TL acc, float* aux) where TL : struct, ILanes<TL> => acc;
}

internal readonly unsafe struct ReluEpilogue : IEpilogue
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TL Apply<TL>(TL acc, float* aux) where TL : struct, ILanes<TL> => TL.Relu(acc);
}

internal readonly unsafe struct TanhEpilogue : IEpilogue
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TL Apply<TL>(TL acc, float* aux) where TL : struct, ILanes<TL> => TL.Tanh(acc);
}

/// <summary>y &gt; 0 ? d : 0, y the ReLU's output.</summary>
internal readonly unsafe struct ReluBackwardEpilogue : IEpilogue
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TL Apply<TL>(TL acc, float* aux) where TL : struct, ILanes<TL> => TL.WhereYPositive(acc, TL.Load(aux));
}

/// <summary>d·(1 − y·y), y the tanh's output.</summary>
internal readonly unsafe struct TanhBackwardEpilogue : IEpilogue
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TL Apply<TL>(TL acc, float* aux) where TL : struct, ILanes<TL>
    {
        var y = TL.Load(aux);
        return TL.Mul(acc, TL.Sub(TL.Splat(1f), TL.Mul(y, y)));
    }
}
