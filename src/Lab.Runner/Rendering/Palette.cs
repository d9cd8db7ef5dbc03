namespace Lab.Runner.Rendering;

/// <summary>The colour of each <see cref="Ink"/>: Gymnasium's classic-control colours, on white.</summary>
internal static class Palette
{
    private static readonly (byte R, byte G, byte B)[] Colours =
    [
        (255, 255, 255), // Background
        (0, 0, 0),       // Ground
        (0, 0, 0),       // Body: the cart, the car
        (202, 152, 101), // Pole
        (129, 132, 203), // Axle
        (0, 204, 204),   // Link
        (204, 204, 0),   // Joint
        (204, 204, 0),   // Flag
        (128, 128, 128), // Wheel
        (34, 34, 34),    // Text
    ];

    public static int Count => Colours.Length;

    public static (byte R, byte G, byte B) Rgb(Ink ink) => Colours[(int)ink];

    public static string Hex(Ink ink)
    {
        var (r, g, b) = Rgb(ink);
        return $"#{r:x2}{g:x2}{b:x2}";
    }

    /// <summary>The ANSI foreground colour for a terminal (dark inks take the terminal's own colour).</summary>
    public static string? Ansi(Ink ink) => ink switch
    {
        Ink.Pole or Ink.Joint or Ink.Flag => "33",
        Ink.Axle => "34",
        Ink.Link => "36",
        Ink.Wheel => "90",
        _ => null,
    };
}
