using System.Runtime.InteropServices;

namespace Lab.Torch.Bench;

/// <summary>
/// CPU time of the calling thread (Linux CLOCK_THREAD_CPUTIME_ID). On a shared machine a thread that
/// is preempted stops this clock, so rates measured with it are those of the code, not of the
/// machine's queue; both implementations run on the calling thread (libtorch with one thread).
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

    public static double Seconds()
    {
        if (ClockGetTime(ThreadCpuTimeId, out var t) != 0) throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
        return t.Seconds + t.Nanoseconds * 1e-9;
    }
}
