using System.Globalization;
using Lab.Runner.Reports;

namespace Lab.Runner.Rendering;

/// <summary>
/// Notebook 001's plot of a played episode: the network's Q of every action against the frame
/// (plt.plot(predicted_q); legend left/right; xlabel frame). One line per action; with several episodes
/// the frames run on and each episode's lines start afresh. A standalone SVG.
/// </summary>
internal static class QPlot
{
    public static string Render(IReadOnlyList<EpisodeTrace> traces, EnvironmentView view)
    {
        var acted = new List<(int Episode, int X, float[] Q)>();
        var x = 0;
        foreach (var trace in traces)
            foreach (var frame in trace.Frames.Where(f => f.Action >= 0))
                acted.Add((trace.Episode, x++, frame.Q));
        var values = acted.SelectMany(a => a.Q).Where(float.IsFinite).Select(q => (double)q).ToList();
        var (low, high) = values.Count > 0 ? (values.Min(), values.Max()) : (0.0, 1.0);
        var ended = string.Join(", ", traces.Select(t => string.Create(CultureInfo.InvariantCulture,
            $"{t.Steps} steps, return {Caption.Number(t.Return)} ({t.Ending})")));
        var heading = $"{traces[0].Environment}: predicted Q per frame · " + (traces.Count == 1 ? ended : $"{traces.Count} episodes");
        var chart = new SvgChart(900, 380, (0, Math.Max(1, x - 1)), (low, high), "frame", "predicted Q(s, a)",
            $"Predicted Q per frame, {traces[0].Environment}", heading: Svg.Shorten(heading, 110),
            legend: [.. view.ActionNames.Select((name, a) => new LegendEntry(name, Svg.Colour(a)))]);
        if (acted.Count == 0) chart.Note("no steps taken");
        for (var a = 0; a < view.ActionNames.Count; a++)
            foreach (var episode in acted.GroupBy(f => f.Episode))
                chart.Line([.. episode.Select(f => ((double)f.X, (double)f.Q[a]))], Svg.Colour(a), null, "q", view.ActionNames[a],
                    $"Q(s, {view.ActionNames[a]}), episode {episode.Key + 1}");
        return chart.Render(standalone: true);
    }
}
