namespace Lab.Runner.Rendering;

/// <summary>
/// CartPole as Gymnasium's renderer draws it (cartpole.py, <c>render</c>): at 125 px per metre a 0.4 × 0.24 m
/// cart on the track at 0.8 m, the pole (0.08 m wide, 1 m long: twice the half-length) from an axle a
/// quarter of the cart's height above its centre, leaning right for positive θ.
/// </summary>
internal sealed class CartPoleView : EnvironmentView
{
    private const double TrackY = 0.8, CartWidth = 0.4, CartHeight = 0.24, PoleWidth = 0.08, PoleLength = 1.0, XThreshold = 2.4;

    private static readonly Shape[] Track = [Shape.Segment(Ink.Ground, (-XThreshold, TrackY), (XThreshold, TrackY), 0.01)];

    public override int Fps => 50;

    public override IReadOnlyList<string> ActionNames { get; } = ["left", "right"];

    public override string KeyHelp => "←/a push left · →/d push right";

    public override int? ActionOf(PersonKey key) => key switch
    {
        PersonKey.Left => 0,
        PersonKey.Right => 1,
        _ => null,
    };

    public override Scene Draw(double[] gymState)
    {
        var (x, theta) = (gymState[0], gymState[2]);
        var axle = (x, TrackY + CartHeight / 4);
        Shape[] moving =
        [
            Shape.Box(Ink.Body, -CartWidth / 2, CartWidth / 2, -CartHeight / 2, CartHeight / 2, 0, (x, TrackY)),
            Shape.Box(Ink.Pole, -PoleWidth / 2, PoleWidth / 2, -PoleWidth / 2, PoleLength - PoleWidth / 2, -theta, axle),
            Shape.Disc(Ink.Axle, axle, PoleWidth / 2),
        ];
        return new Scene(-XThreshold, XThreshold, 0.55, 2.0, Track, moving);
    }
}
