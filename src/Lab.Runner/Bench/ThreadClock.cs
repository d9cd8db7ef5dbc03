using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Lab.Runner.Bench;

/// <summary>
/// CPU time of the calling thread (CLOCK_THREAD_CPUTIME_ID on Linux; elsewhere the wall clock). On a
/// shared machine a preempted thread stops this clock, so a rate measured with it is the code's, not
/// the machine's queue's (other processes still share the caches). The single-thread benchmarks and
/// bench/Lab.Torch.Bench (libtorch with one thread, on the calling thread) time themselves with it.
/// </summary>
internal static partial class ThreadClock
{
    private const int ThreadCpuTimeId = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out Timespec time);

    /// <summary>What this clock measures, for the notes of a table.</summary>
    public static string Kind => OperatingSystem.IsLinux() ? "thread CPU time" : "wall clock";

    public static double Seconds()
    {
        if (!OperatingSystem.IsLinux()) return Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;
        if (ClockGetTime(ThreadCpuTimeId, out var t) != 0) throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
        return t.Seconds + t.Nanoseconds * 1e-9;
    }
}
