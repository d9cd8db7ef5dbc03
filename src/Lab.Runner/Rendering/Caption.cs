using System.Globalization;

namespace Lab.Runner.Rendering;

/// <summary>The line shown with each frame: step, return so far, max Q and the action taken.</summary>
internal static class Caption
{
    public static string Of(EnvironmentView view, EpisodeFrame frame, string separator = " · ") =>
        string.Join(separator,
            string.Create(CultureInfo.InvariantCulture, $"step {frame.Step}"),
            $"return {Number(frame.Return)}",
            $"max Q {Number(frame.MaxQ)}",
            frame.Action < 0 ? "end" : view.ActionName(frame.Action) + (frame.ByPerson ? " (you)" : ""));

    public static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
