using Lab.Core;
using Lab.Runner.Rendering;

namespace Lab.Runner.Playing;

/// <summary>
/// The turns of `runner play`: what <see cref="EpisodePlayer"/> asks at each step (who acts: the agent, or
/// with --assist the person while the agent is in trouble) and what it shows each frame, paced by a
/// <see cref="PlayPace"/>. The waiting goes through <paramref name="wait"/> (Thread.Sleep in the runner)
/// so that tests see the pace without a clock.
/// </summary>
/// <param name="keys">The person's keys; null without --assist (the agent plays alone).</param>
/// <param name="pendingKey">A key pressed on the keyboard meanwhile (q stops the game), without waiting.</param>
internal sealed class PlaySession(PlayScreen screen, EnvironmentView view, IKeySource? keys, double margin, PlayPace pace,
    Action<TimeSpan> wait, Func<PersonKey?> pendingKey, TextWriter notes, CancellationToken cancel)
{
    private double _threshold = double.NaN;

    public Choice Choose(EpisodeFrame frame)
    {
        if (frame.Step == 0) _threshold = Teacher.Threshold(frame.MaxQ, margin);
        if (pendingKey() == PersonKey.Quit) return Choice.StopHere;
        if (keys is null || !Teacher.InTrouble(_threshold, frame.MaxQ)) return Choice.Agent(frame.Greedy);
        screen.Show(frame, _threshold, screen.Prompt(frame, _threshold));
        while (true)
        {
            var key = keys.Next(pace.PersonLimit, cancel);
            if (key is null)
            {
                if (!keys.Ended) return Choice.Agent(frame.Greedy); // out of time: the agent's choice stands
                notes.WriteLine($"The input ended at step {frame.Step} of episode {frame.Episode + 1}; stopping there.");
                return Choice.StopHere;
            }
            if (key == PersonKey.Quit) return Choice.StopHere;
            if (view.ActionOf(key.Value) is { } action) return Choice.Person(action);
        }
    }

    public void Show(EpisodeFrame frame)
    {
        screen.Show(frame, _threshold, null);
        if (pace.FrameInterval > TimeSpan.Zero) wait(pace.FrameInterval);
    }
}
