namespace Lab.Runner.Rendering;

/// <summary>
/// A 3 × 5 pixel font of capitals, digits and a few signs, for the caption of GIF frames (ImageSharp
/// without its drawing package has no text). Other characters are drawn as blanks.
/// </summary>
internal static class PixelFont
{
    public const int GlyphWidth = 3, GlyphHeight = 5;

    /// <summary>Five rows of three pixels each, top to bottom ('#' = ink).</summary>
    private static readonly Dictionary<char, string> Glyphs = new()
    {
        ['A'] = ".#. #.# ### #.# #.#", ['B'] = "##. #.# ##. #.# ##.", ['C'] = ".## #.. #.. #.. .##", ['D'] = "##. #.# #.# #.# ##.",
        ['E'] = "### #.. ##. #.. ###", ['F'] = "### #.. ##. #.. #..", ['G'] = ".## #.. #.# #.# .##", ['H'] = "#.# #.# ### #.# #.#",
        ['I'] = "### .#. .#. .#. ###", ['J'] = "..# ..# ..# #.# .#.", ['K'] = "#.# #.# ##. #.# #.#", ['L'] = "#.. #.. #.. #.. ###",
        ['M'] = "#.# ### ### #.# #.#", ['N'] = "##. #.# #.# #.# #.#", ['O'] = ".#. #.# #.# #.# .#.", ['P'] = "##. #.# ##. #.. #..",
        ['Q'] = ".#. #.# #.# ##. .##", ['R'] = "##. #.# ##. #.# #.#", ['S'] = ".## #.. .#. ..# ##.", ['T'] = "### .#. .#. .#. .#.",
        ['U'] = "#.# #.# #.# #.# ###", ['V'] = "#.# #.# #.# #.# .#.", ['W'] = "#.# #.# ### ### #.#", ['X'] = "#.# #.# .#. #.# #.#",
        ['Y'] = "#.# #.# .#. .#. .#.", ['Z'] = "### ..# .#. #.. ###", ['0'] = "### #.# #.# #.# ###", ['1'] = ".#. ##. .#. .#. ###",
        ['2'] = "##. ..# .#. #.. ###", ['3'] = "##. ..# .#. ..# ##.", ['4'] = "#.# #.# ### ..# ..#", ['5'] = "### #.. ##. ..# ##.",
        ['6'] = ".## #.. ### #.# ###", ['7'] = "### ..# .#. .#. .#.", ['8'] = "### #.# ### #.# ###", ['9'] = "### #.# ### ..# ##.",
        ['.'] = "... ... ... ... .#.", ['-'] = "... ... ### ... ...", ['+'] = "... .#. ### .#. ...", [':'] = "... .#. ... .#. ...",
        ['/'] = "..# ..# .#. #.. #..", ['('] = ".#. #.. #.. #.. .#.", [')'] = ".#. ..# ..# ..# .#.", ['='] = "... ### ... ### ...",
        [','] = "... ... ... .#. #..", ['<'] = "..# .#. #.. .#. ..#", ['>'] = "#.. .#. ..# .#. #..",
    };

    /// <summary>Pixel width of <paramref name="text"/> at <paramref name="scale"/> (one blank column between glyphs).</summary>
    public static int Width(string text, int scale) => text.Length * (GlyphWidth + 1) * scale;

    /// <summary>Writes <paramref name="text"/> (upper-cased) with its top-left corner at (x, y).</summary>
    public static void Write(Raster raster, string text, int x, int y, int scale, Ink ink)
    {
        foreach (var c in text.ToUpperInvariant())
        {
            if (Glyphs.TryGetValue(c, out var glyph))
            {
                var rows = glyph.Replace(" ", "", StringComparison.Ordinal);
                for (var i = 0; i < GlyphWidth * GlyphHeight; i++)
                    if (rows[i] == '#')
                        for (var dy = 0; dy < scale; dy++)
                            for (var dx = 0; dx < scale; dx++)
                                raster.Set(x + i % GlyphWidth * scale + dx, y + i / GlyphWidth * scale + dy, ink);
            }
            x += (GlyphWidth + 1) * scale;
        }
    }
}
