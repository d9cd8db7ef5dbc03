using System.Globalization;
using System.Text;
using Lab.Runner.Reports;

namespace Lab.Runner.Rendering;

/// <summary>
/// Episodes as one self-contained animated SVG that a browser plays without script: the background
/// once, then one group per frame, shown in its turn by a looping SMIL <c>animate</c> of its visibility
/// (discrete, so exactly one frame shows at a time). The first frame is visible without animation, so a
/// viewer without SMIL still shows a picture.
/// </summary>
internal static class SvgEpisode
{
    public const int Width = 600;
    private const int CaptionHeight = 28;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Render(IReadOnlyList<EpisodeTrace> traces, EnvironmentView view, int fps)
    {
        var frames = traces.SelectMany(t => t.Frames.Select(f => (t.Episode, Frame: f))).ToList();
        if (frames.Count == 0) throw new ArgumentException("no frames to draw", nameof(traces));
        var first = view.Draw(frames[0].Frame.GymState);
        var sceneHeight = (int)Math.Round(Width / first.Aspect);
        var height = sceneHeight + CaptionHeight;
        var map = new Mapping(first, CaptionHeight, sceneHeight);
        var seconds = frames.Count / (double)fps;
        var title = string.Join("; ", traces.Select(t => $"episode {t.Episode + 1}: {t.Steps} steps, return {Caption.Number(t.Return)} ({t.Ending})"));

        var sb = new StringBuilder();
        sb.Append(Inv, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {height}\" width=\"{Width}\" height=\"{height}\" ");
        sb.Append("font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif\" font-size=\"13\">\n");
        sb.Append($"<title>{Svg.Esc($"{traces[0].Environment}: {title}")}</title>\n");
        sb.Append(Inv, $"<rect width=\"{Width}\" height=\"{height}\" fill=\"#fff\"/>\n");
        foreach (var shape in first.Background) sb.Append(map.Element(shape));
        for (var i = 0; i < frames.Count; i++)
        {
            var (episode, frame) = frames[i];
            sb.Append(i == 0 ? "<g class=\"frame\">" : "<g class=\"frame\" visibility=\"hidden\">");
            if (frames.Count > 1) sb.Append(Visibility(i, frames.Count, seconds));
            foreach (var shape in view.Draw(frame.GymState).Moving) sb.Append(map.Element(shape));
            var caption = (traces.Count > 1 ? $"episode {episode + 1} · " : "") + Caption.Of(view, frame);
            sb.Append($"<text x=\"10\" y=\"19\" fill=\"#222\">{Svg.Esc(caption)}</text></g>\n");
        }
        sb.Append("</svg>\n");
        return sb.ToString();
    }

    /// <summary>Frame <paramref name="i"/> of <paramref name="n"/> shows during [i/n, (i+1)/n) of each loop.</summary>
    private static string Visibility(int i, int n, double seconds)
    {
        string T(int k) => (k / (double)n).ToString("0.######", Inv);
        var (values, keyTimes) = i == 0 ? ("visible;hidden", $"0;{T(1)}")
            : i == n - 1 ? ("hidden;visible", $"0;{T(i)}")
            : ("hidden;visible;hidden", $"0;{T(i)};{T(i + 1)}");
        return $"<animate attributeName=\"visibility\" values=\"{values}\" keyTimes=\"{keyTimes}\" " +
               string.Create(Inv, $"dur=\"{seconds:0.###}s\" calcMode=\"discrete\" repeatCount=\"indefinite\"/>");
    }

    /// <summary>World to SVG pixels: the scene's box fills the width, below the caption strip.</summary>
    private sealed class Mapping(Scene scene, int top, int height)
    {
        private readonly double _scale = Width / (scene.MaxX - scene.MinX);
        private readonly double _scaleY = height / (scene.MaxY - scene.MinY);

        private string X(double x) => ((x - scene.MinX) * _scale).ToString("0.#", Inv);
        private string Y(double y) => (top + (scene.MaxY - y) * _scaleY).ToString("0.#", Inv);
        private string Len(double d) => Math.Max(1, d * _scale).ToString("0.#", Inv);

        public string Element(Shape s) => s.Kind switch
        {
            ShapeKind.Polygon => $"<polygon points=\"{string.Join(' ', s.Points.Select(p => X(p.X) + "," + Y(p.Y)))}\" fill=\"{Palette.Hex(s.Ink)}\"/>",
            ShapeKind.Segment => $"<line x1=\"{X(s.Points[0].X)}\" y1=\"{Y(s.Points[0].Y)}\" x2=\"{X(s.Points[1].X)}\" y2=\"{Y(s.Points[1].Y)}\" " +
                                 $"stroke=\"{Palette.Hex(s.Ink)}\" stroke-width=\"{Len(s.Size)}\" stroke-linecap=\"round\"/>",
            _ => $"<circle cx=\"{X(s.Points[0].X)}\" cy=\"{Y(s.Points[0].Y)}\" r=\"{Len(s.Size)}\" fill=\"{Palette.Hex(s.Ink)}\"/>",
        };
    }
}
