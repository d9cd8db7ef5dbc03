namespace Lab.Runner.Rendering;

internal enum ShapeKind
{
    /// <summary>A filled polygon through the points.</summary>
    Polygon,

    /// <summary>A line from the first point to the second, <see cref="Shape.Size"/> wide, round ends.</summary>
    Segment,

    /// <summary>A filled circle around the point, radius <see cref="Shape.Size"/>.</summary>
    Disc,
}
