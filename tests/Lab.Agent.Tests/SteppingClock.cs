namespace Lab.Agent.Tests;

/// <summary>
/// A clock for tests: the wall clock stands still at <paramref name="now"/>, and every timestamp read
/// moves the monotonic clock on by <paramref name="millisecondsPerRead"/> (0: it never moves).
/// </summary>
internal sealed class SteppingClock(DateTimeOffset now, long millisecondsPerRead) : TimeProvider
{
    private long _milliseconds;

    public override long TimestampFrequency => 1000;

    public override long GetTimestamp() => _milliseconds += millisecondsPerRead;

    public override DateTimeOffset GetUtcNow() => now;
}
