namespace Lab.Neural.Kernels;

/// <summary>Which lane implementation runs the kernels. All three give the same bits.</summary>
internal enum KernelPath
{
    /// <summary>Sixteen scalars with MathF.FusedMultiplyAdd (any machine).</summary>
    Scalar,

    /// <summary>Four 4-lane registers with hardware FMA (NEON on ARM64, FMA3 on x64).</summary>
    Vector128,

    /// <summary>Two 8-lane AVX2 + FMA registers per 16 lanes.</summary>
    Avx2,

    /// <summary>One 16-lane AVX-512 register.</summary>
    Avx512,
}

/// <summary>Picks the fastest supported path once per process.</summary>
internal static class KernelPaths
{
    public static KernelPath Best { get; } =
        L512.IsSupported ? KernelPath.Avx512
        : L256x2.IsSupported ? KernelPath.Avx2
        : L128x4.IsSupported ? KernelPath.Vector128
        : KernelPath.Scalar;

    public static bool IsSupported(KernelPath path) => path switch
    {
        KernelPath.Avx512 => L512.IsSupported,
        KernelPath.Avx2 => L256x2.IsSupported,
        KernelPath.Vector128 => L128x4.IsSupported,
        _ => true,
    };
}
