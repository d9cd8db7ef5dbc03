namespace Lab.Runner.Rendering;

/// <summary>
/// Acrobot as Gymnasium's renderer draws it (acrobot.py, <c>render</c>): two 1 m links hanging from the
/// origin at θ1 = θ2 = 0, joints as discs, and the goal line one metre above the bar, which the free end
/// must cross.
/// </summary>
internal sealed class AcrobotView : EnvironmentView
{
    private const double Bound = 2.2, LinkWidth = 0.1;

    private static readonly Shape[] GoalLine = [Shape.Segment(Ink.Ground, (-Bound, 1), (Bound, 1), 0.01)];

    public override int Fps => 15;

    public override IReadOnlyList<string> ActionNames { get; } = ["torque -1", "torque 0", "torque +1"];

    public override string KeyHelp => "←/a torque -1 · ↓/s none · →/d torque +1";

    public override int? ActionOf(PersonKey key) => key switch
    {
        PersonKey.Left => 0,
        PersonKey.Neutral => 1,
        PersonKey.Right => 2,
        _ => null,
    };

    public override Scene Draw(double[] gymState)
    {
        var (theta1, theta2) = (gymState[0], gymState[1]);
        (double X, double Y) bar = (0, 0);
        (double X, double Y) elbow = (Math.Sin(theta1), -Math.Cos(theta1));
        (double X, double Y) tip = (elbow.X + Math.Sin(theta1 + theta2), elbow.Y - Math.Cos(theta1 + theta2));
        Shape[] moving =
        [
            Shape.Segment(Ink.Link, bar, elbow, LinkWidth),
            Shape.Segment(Ink.Link, elbow, tip, LinkWidth),
            Shape.Disc(Ink.Joint, bar, LinkWidth),
            Shape.Disc(Ink.Joint, elbow, LinkWidth),
        ];
        return new Scene(-Bound, Bound, -Bound, Bound, GoalLine, moving);
    }
}
