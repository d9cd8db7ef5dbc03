namespace Lab.Runner.Rendering;

/// <summary>
/// One frame as shapes: the world box shown (metres), the parts that never move (track, hill, goal line:
/// drawn once in an animation) and the parts of this state (cart and pole, links, car).
/// </summary>
internal sealed record Scene(double MinX, double MaxX, double MinY, double MaxY, IReadOnlyList<Shape> Background,
    IReadOnlyList<Shape> Moving)
{
    public double Aspect => (MaxX - MinX) / (MaxY - MinY);
}
