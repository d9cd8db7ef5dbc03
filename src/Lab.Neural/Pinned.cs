using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Lab.Neural;

/// <summary>Addresses of arrays allocated on the pinned object heap (they never move).</summary>
internal static unsafe class Pinned
{
    public static float* Address(float[] pinnedArray) =>
        (float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(pinnedArray));

    /// <summary>A pinned buffer of at least <paramref name="count"/> floats whose first element is 64-byte aligned.</summary>
    public static float* AllocateAligned(int count, out float[] keepAlive)
    {
        keepAlive = GC.AllocateArray<float>(count + 16, pinned: true);
        var p = (nint)Address(keepAlive);
        var aligned = (p + 63) & ~(nint)63;
        return (float*)aligned;
    }
}
