namespace Lab.Runner.Rendering;

/// <summary>One thing to draw, in world coordinates (metres, y up). Every backend draws the same shapes.</summary>
internal sealed record Shape(ShapeKind Kind, Ink Ink, (double X, double Y)[] Points, double Size = 0)
{
    public static Shape Polygon(Ink ink, params (double X, double Y)[] points) => new(ShapeKind.Polygon, ink, points);

    public static Shape Segment(Ink ink, (double X, double Y) from, (double X, double Y) to, double width) =>
        new(ShapeKind.Segment, ink, [from, to], width);

    public static Shape Disc(Ink ink, (double X, double Y) centre, double radius) => new(ShapeKind.Disc, ink, [centre], radius);

    /// <summary>The rectangle [left, right] × [bottom, top] turned by <paramref name="angle"/> (radians,
    /// counter-clockwise) about the origin and moved to <paramref name="at"/>, as Gymnasium's renderers build their boxes.</summary>
    public static Shape Box(Ink ink, double left, double right, double bottom, double top, double angle, (double X, double Y) at)
    {
        var (sin, cos) = Math.SinCos(angle);
        (double, double) Turn(double x, double y) => (at.X + x * cos - y * sin, at.Y + x * sin + y * cos);
        return Polygon(ink, Turn(left, bottom), Turn(left, top), Turn(right, top), Turn(right, bottom));
    }
}
