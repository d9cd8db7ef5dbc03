namespace Lab.Runner.Playing;

/// <summary>
/// How fast `runner play` goes (docs/WATCHING.md): how long each frame stays before the next, and how long
/// a person's turn may last (null: the game waits for the person as long as it takes).
/// </summary>
internal sealed record PlayPace(TimeSpan FrameInterval, TimeSpan? PersonLimit)
{
    /// <summary>
    /// --fps F: 1/F per frame, and a turn of 1/F after which the agent's choice stands. Without it: the
    /// environment's own rate on a terminal, no waiting between plain frames, and no time limit on a turn.
    /// </summary>
    public static PlayPace For(int? fps, bool live, int environmentFps)
    {
        if (fps is { } f)
        {
            var interval = TimeSpan.FromSeconds(1.0 / f);
            return new PlayPace(interval, interval);
        }
        return new PlayPace(live ? TimeSpan.FromSeconds(1.0 / environmentFps) : TimeSpan.Zero, null);
    }
}
