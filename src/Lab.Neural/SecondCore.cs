using System.Diagnostics;

namespace Lab.Neural;

/// <summary>
/// A helper thread that takes half of each batched pass of the networks it is given to
/// (<see cref="QNetwork.Helper"/>), for a trial that has a core to itself and another idle. The work
/// is split by what is computed, never inside a sum: samples (columns) for the forward passes and
/// the gradients to the layer below, input rows for the weight gradients, halves of the parameter
/// vector for the optimizer. Every number is the same chain of operations as on one thread, so the
/// results are bit-identical (docs/NEURAL.md, "Two cores for one trial").
/// <para>
/// The caller computes its half, then spins until the helper has finished the other. Between passes
/// the helper spins for up to a millisecond (a training loop's next update is usually nearer than
/// that), then sleeps until the next one. One owner at a time: the networks of one trial share it and
/// never run concurrently.
/// </para>
/// </summary>
public sealed class SecondCore : IDisposable
{
    /// <summary>How long the helper spins for the next pass before it sleeps.</summary>
    private static readonly long SpinTicks = Stopwatch.Frequency / 1000;

    private readonly Thread thread;
    private readonly ManualResetEventSlim wake = new(false);
    private IHalves? job;
    private int posted;
    private int finished;
    private int sleeping;
    private volatile bool disposed;
    private Exception? failure;

    public SecondCore()
    {
        thread = new Thread(Loop) { IsBackground = true, Name = "DqnLab second core" };
        thread.Start();
    }

    /// <summary>Runs half 0 of <paramref name="work"/> on the calling thread and half 1 on the helper; returns when both are done.</summary>
    public void Run(IHalves work)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        job = work;
        var number = Interlocked.Increment(ref posted); // a full fence: the job and its inputs are visible first
        Passes++;
        if (Volatile.Read(ref sleeping) != 0) wake.Set();
        work.RunHalf(0);
        var spin = new SpinWait();
        while (Volatile.Read(ref finished) != number) spin.SpinOnce(sleep1Threshold: -1);
        if (failure is { } error)
        {
            failure = null;
            throw new InvalidOperationException("the second core's half of a network pass failed", error);
        }
    }

    /// <summary>Split passes run so far.</summary>
    public long Passes { get; private set; }

    private void Loop()
    {
        var seen = 0;
        while (true)
        {
            var idleSince = Stopwatch.GetTimestamp();
            while (Volatile.Read(ref posted) == seen)
            {
                if (disposed) return;
                if (Stopwatch.GetTimestamp() - idleSince < SpinTicks)
                {
                    Thread.SpinWait(20);
                    continue;
                }

                Interlocked.Exchange(ref sleeping, 1); // a full fence before posted is read again
                if (Volatile.Read(ref posted) == seen && !disposed) wake.Wait();
                Volatile.Write(ref sleeping, 0);
                wake.Reset();
                idleSince = Stopwatch.GetTimestamp();
            }

            seen++;
            try
            {
                job!.RunHalf(1);
            }
            catch (Exception ex)
            {
                failure = ex;
            }

            Volatile.Write(ref finished, seen);
        }
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        wake.Set();
        thread.Join();
        wake.Dispose();
    }
}

/// <summary>Work that splits into two halves that can run at the same time (<see cref="SecondCore.Run"/>).</summary>
public interface IHalves
{
    /// <summary>Half 0 runs on the thread that called <see cref="SecondCore.Run"/>, half 1 on the helper, at the same time.</summary>
    void RunHalf(int half);
}
