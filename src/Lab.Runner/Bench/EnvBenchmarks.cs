using System.Diagnostics;
using Lab.Agent;
using Lab.Core;

namespace Lab.Runner.Bench;

/// <summary>CartPole steps through the F# core, and what a replay transition costs.</summary>
internal static class EnvBenchmarks
{
    public static IEnumerable<BenchResult> Run(bool quick)
    {
        var steps = quick ? 2_000_000 : 20_000_000;
        var p = CartPole.V1;
        var rng = RngModule.Create(1);
        (var state, rng) = CartPole.Reset(p, rng);
        Loop(p, ref state, ref rng, 100_000);
        var started = Stopwatch.GetTimestamp();
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var sum = Loop(p, ref state, ref rng, steps);
        var bytes = (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)steps;
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        yield return new BenchResult("CartPole step (F# core, reset included)", steps / seconds, "steps/s", 20_000_000,
            null, $"checksum {sum:0}");
        yield return new BenchResult("allocation per env step", bytes, "bytes/step", 0, null,
            $"GC.GetAllocatedBytesForCurrentThread around {steps:N0} steps");

        var replay = new ReplayBuffer(10_000, 4);
        yield return new BenchResult("replay memory per CartPole transition", replay.ByteSize / 10_000.0,
            "bytes/transition", 44, null, "struct of arrays, float32");
    }

    private static double Loop(CartPoleParams p, ref CartPoleState state, ref Rng rng, int steps)
    {
        double total = 0;
        for (var i = 0; i < steps; i++)
        {
            // A fixed alternating policy keeps the loop about the physics, not the policy.
            var result = CartPole.Step(p, state, i & 1);
            total += result.Reward;
            if (result.Terminated || result.Truncated) (state, rng) = CartPole.Reset(p, rng);
            else state = result.State;
        }
        return total;
    }
}
