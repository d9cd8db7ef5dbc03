namespace Lab.Tests;

/// <summary>Allocation in steady state, for the tests of 0 bytes per step (compiled into Lab.Neural.Tests and Lab.Agent.Tests).</summary>
public static class SteadyState
{
    /// <summary>
    /// Runs <paramref name="run"/>(<paramref name="warmUp"/>), then up to <paramref name="windows"/> times
    /// <paramref name="run"/>(<paramref name="window"/>), and returns the fewest bytes this thread allocated in
    /// one window (stopping at 0). The runtime can allocate on the thread once while it compiles a method
    /// again at a higher tier, which a loaded machine delays past any fixed warm-up (CI saw 2,488 bytes in
    /// 1,000 updates once); code that allocates per step does so in every window.
    /// </summary>
    public static long BytesPerWindow(Action<int> run, int warmUp, int window, int windows = 3)
    {
        run(warmUp);
        var fewest = long.MaxValue;
        for (var w = 0; w < windows && fewest > 0; w++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            run(window);
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return fewest;
    }
}
