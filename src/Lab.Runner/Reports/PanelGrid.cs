using System.Text;

namespace Lab.Runner.Reports;

/// <summary>Small multiples: panels (each an <see cref="SvgChart"/>) laid out left to right in rows of <c>columns</c>, as one standalone SVG.</summary>
internal static class PanelGrid
{
    public static string Render(string title, IReadOnlyList<SvgChart> panels, int columns, string cssClass)
    {
        var rows = panels.Chunk(columns).ToList();
        var cellWidth = panels.Count == 0 ? 1 : panels.Max(p => p.Width);
        var rowHeights = rows.Select(r => r.Max(p => p.Height)).ToList();
        var (width, height) = (columns * cellWidth, Math.Max(1, rowHeights.Sum()));
        var sb = new StringBuilder();
        sb.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"{cssClass}\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"{Svg.Esc(title)}\">\n");
        sb.Append($"<title>{Svg.Esc(title)}</title>\n<rect width=\"{width}\" height=\"{height}\" fill=\"#fff\"/>\n");
        var y = 0;
        for (var r = 0; r < rows.Count; r++)
        {
            for (var k = 0; k < rows[r].Length; k++) sb.Append(rows[r][k].Render(at: (k * cellWidth, y)));
            y += rowHeights[r];
        }
        sb.Append("</svg>\n");
        return sb.ToString();
    }
}
