namespace Lab.Runner.Rendering;

/// <summary>One played episode: its frames (every state, the final one included), how it ended, its return.</summary>
internal sealed record EpisodeTrace(string Environment, int Episode, IReadOnlyList<EpisodeFrame> Frames, double Return, bool Terminated,
    bool Truncated, bool Stopped)
{
    /// <summary>Steps taken (the frames with an action).</summary>
    public int Steps => Frames.Count(f => f.Action >= 0);

    public int PersonSteps => Frames.Count(f => f.ByPerson);

    public string Ending => Stopped ? "stopped" : Terminated ? "terminated" : Truncated ? "reached the cap" : "cut";
}
