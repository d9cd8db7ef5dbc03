namespace Lab.Runner.Rendering;

/// <summary>What a shape is, which decides its colour in every backend (Gymnasium's colours on white).</summary>
internal enum Ink : byte
{
    Background,
    Ground,
    Body,
    Pole,
    Axle,
    Link,
    Joint,
    Flag,
    Wheel,
    Text,
}
