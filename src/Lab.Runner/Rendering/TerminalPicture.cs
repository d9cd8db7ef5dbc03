using System.Text;

namespace Lab.Runner.Rendering;

/// <summary>
/// A scene as lines of text: each character cell holds two pixels, one above the other (half blocks
/// ▀ ▄ █, or ' . # in plain ASCII), so the picture keeps its proportions in a terminal of any size.
/// Colours are ANSI escape codes, only when asked for.
/// </summary>
internal static class TerminalPicture
{
    public static string[] Render(Scene scene, int columns, int rows, bool unicode, bool colour)
    {
        var (width, height) = Raster.Fit(scene.Aspect, Math.Max(1, columns), Math.Max(2, rows * 2));
        var raster = new Raster(width, height);
        raster.Clear();
        raster.Draw(scene);
        var pad = (columns - width) / 2;
        var lines = new string[rows];
        var (top, bottom, both) = unicode ? ('▀', '▄', '█') : ('\'', '.', '#');
        for (var row = 0; row < rows; row++)
        {
            var sb = new StringBuilder().Append(' ', Math.Max(0, pad));
            string? current = null;
            for (var x = 0; x < width && 2 * row < height; x++)
            {
                var upper = raster[x, 2 * row];
                var lower = 2 * row + 1 < height ? raster[x, 2 * row + 1] : Ink.Background;
                var ink = upper != Ink.Background ? upper : lower;
                var code = colour && ink != Ink.Background ? Palette.Ansi(ink) : null;
                if (code != current)
                {
                    sb.Append(code is null ? "\u001b[0m" : $"\u001b[{code}m");
                    current = code;
                }
                sb.Append((upper != Ink.Background, lower != Ink.Background) switch
                {
                    (true, true) => both,
                    (true, false) => top,
                    (false, true) => bottom,
                    _ => ' ',
                });
            }
            if (current is not null) sb.Append("\u001b[0m");
            lines[row] = sb.ToString();
        }
        return lines;
    }
}
