namespace Lab.Runner.Rendering;

/// <summary>
/// MountainCar as Gymnasium's renderer draws it (mountain_car.py, <c>render</c>): the hill
/// y = 0.45·sin(3x) + 0.55 over [-1.2, 0.6], the flag at 0.5, and a 0.12 × 0.06 car with two wheels
/// turned by cos(3x) radians about its base and lifted 0.03 above the hill, as Gymnasium does.
/// </summary>
internal sealed class MountainCarView : EnvironmentView
{
    private const double MinX = -1.2, MaxX = 0.6, Goal = 0.5, CarWidth = 0.12, CarHeight = 0.06, Clearance = 0.03;

    private static readonly Shape[] Hill = BuildHill();

    public override int Fps => 30;

    public override IReadOnlyList<string> ActionNames { get; } = ["left", "none", "right"];

    public override string KeyHelp => "←/a push left · ↓/s none · →/d push right";

    public override int? ActionOf(PersonKey key) => key switch
    {
        PersonKey.Left => 0,
        PersonKey.Neutral => 1,
        PersonKey.Right => 2,
        _ => null,
    };

    private static double Height(double x) => Math.Sin(3 * x) * 0.45 + 0.55;

    private static Shape[] BuildHill()
    {
        const int points = 100;
        var shapes = new List<Shape>();
        for (var i = 0; i < points - 1; i++)
        {
            var (a, b) = (MinX + (MaxX - MinX) * i / (points - 1), MinX + (MaxX - MinX) * (i + 1) / (points - 1));
            shapes.Add(Shape.Segment(Ink.Ground, (a, Height(a)), (b, Height(b)), 0.006));
        }
        var top = Height(Goal) + 0.15;
        shapes.Add(Shape.Segment(Ink.Ground, (Goal, Height(Goal)), (Goal, top), 0.005));
        shapes.Add(Shape.Polygon(Ink.Flag, (Goal, top), (Goal, top - 0.03), (Goal + 0.075, top - 0.015)));
        return [.. shapes];
    }

    public override Scene Draw(double[] gymState)
    {
        var position = gymState[0];
        var angle = Math.Cos(3 * position);
        // Gymnasium turns the car's corners and wheels about the car's origin, then lifts them by the clearance.
        (double X, double Y) at = (position, Height(position) + Clearance);
        var (sin, cos) = Math.SinCos(angle);
        (double, double) Turn(double x, double y) => (at.X + x * cos - y * sin, at.Y + x * sin + y * cos);
        Shape[] moving =
        [
            Shape.Box(Ink.Body, -CarWidth / 2, CarWidth / 2, 0, CarHeight, angle, at),
            Shape.Disc(Ink.Wheel, Turn(CarWidth / 4, 0), CarHeight / 2.5),
            Shape.Disc(Ink.Wheel, Turn(-CarWidth / 4, 0), CarHeight / 2.5),
        ];
        return new Scene(MinX, MaxX, 0.05, 1.25, Hill, moving);
    }
}
