namespace Lab.Runner.Rendering;

/// <summary>
/// A picture as one <see cref="Ink"/> per pixel, for the GIF frames and the terminal. Shapes are drawn in
/// world coordinates mapped onto the pixels (y up); a shape thinner than a pixel still covers one, so the
/// track and the hill stay visible on a small terminal.
/// </summary>
internal sealed class Raster
{
    private readonly Ink[] _pixels;
    private double _minX, _maxY, _scaleX, _scaleY, _top;

    public Raster(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        (Width, Height) = (width, height);
        _pixels = new Ink[width * height];
    }

    public int Width { get; }
    public int Height { get; }

    public Ink this[int x, int y] => _pixels[y * Width + x];

    public ReadOnlySpan<Ink> Pixels => _pixels;

    /// <summary>The largest size of a scene's aspect (pixel width over height) that fits in width × height.</summary>
    public static (int Width, int Height) Fit(double aspect, int width, int height) =>
        width / (double)height > aspect
            ? (Math.Max(1, (int)Math.Round(height * aspect)), height)
            : (width, Math.Max(1, (int)Math.Round(width / aspect)));

    public void Clear() => Array.Fill(_pixels, Ink.Background);

    /// <summary>Draws the scene (background, then the moving parts) into the rows from <paramref name="top"/> down.</summary>
    public void Draw(Scene scene, int top = 0)
    {
        _top = top;
        _minX = scene.MinX;
        _maxY = scene.MaxY;
        _scaleX = Width / (scene.MaxX - scene.MinX);
        _scaleY = (Height - top) / (scene.MaxY - scene.MinY);
        foreach (var shape in scene.Background) Draw(shape);
        foreach (var shape in scene.Moving) Draw(shape);
    }

    private (double X, double Y) Px((double X, double Y) p) => ((p.X - _minX) * _scaleX, _top + (_maxY - p.Y) * _scaleY);

    private void Draw(Shape shape)
    {
        var points = shape.Points.Select(Px).ToArray();
        var scale = Math.Min(_scaleX, _scaleY);
        switch (shape.Kind)
        {
            case ShapeKind.Polygon: FillPolygon(points, shape.Ink); break;
            case ShapeKind.Segment: FillCapsule(points[0], points[1], Math.Max(0.5, shape.Size * scale / 2), shape.Ink); break;
            case ShapeKind.Disc: FillCapsule(points[0], points[0], Math.Max(0.5, shape.Size * scale), shape.Ink); break;
        }
    }

    /// <summary>Every pixel whose centre lies within <paramref name="radius"/> of the segment a–b.</summary>
    private void FillCapsule((double X, double Y) a, (double X, double Y) b, double radius, Ink ink)
    {
        var (dx, dy) = (b.X - a.X, b.Y - a.Y);
        var length2 = dx * dx + dy * dy;
        Fill(Math.Min(a.X, b.X) - radius, Math.Max(a.X, b.X) + radius, Math.Min(a.Y, b.Y) - radius, Math.Max(a.Y, b.Y) + radius, ink,
            (x, y) =>
            {
                var t = length2 == 0 ? 0 : Math.Clamp(((x - a.X) * dx + (y - a.Y) * dy) / length2, 0, 1);
                var (ex, ey) = (x - a.X - t * dx, y - a.Y - t * dy);
                return ex * ex + ey * ey <= radius * radius;
            });
    }

    /// <summary>Every pixel whose centre is inside the polygon (even-odd rule); at least the pixel under its centre.</summary>
    private void FillPolygon((double X, double Y)[] p, Ink ink)
    {
        var filled = Fill(p.Min(q => q.X), p.Max(q => q.X), p.Min(q => q.Y), p.Max(q => q.Y), ink, (x, y) =>
        {
            var inside = false;
            for (int i = 0, j = p.Length - 1; i < p.Length; j = i++)
                if ((p[i].Y > y) != (p[j].Y > y) && x < (p[j].X - p[i].X) * (y - p[i].Y) / (p[j].Y - p[i].Y) + p[i].X)
                    inside = !inside;
            return inside;
        });
        if (filled == 0) Set((int)Math.Floor(p.Average(q => q.X)), (int)Math.Floor(p.Average(q => q.Y)), ink);
    }

    private int Fill(double x0, double x1, double y0, double y1, Ink ink, Func<double, double, bool> covers)
    {
        var filled = 0;
        var (left, right) = (Math.Max(0, (int)Math.Floor(x0)), Math.Min(Width - 1, (int)Math.Ceiling(x1)));
        var (top, bottom) = (Math.Max(0, (int)Math.Floor(y0)), Math.Min(Height - 1, (int)Math.Ceiling(y1)));
        for (var y = top; y <= bottom; y++)
            for (var x = left; x <= right; x++)
                if (covers(x + 0.5, y + 0.5))
                {
                    _pixels[y * Width + x] = ink;
                    filled++;
                }
        return filled;
    }

    public void Set(int x, int y, Ink ink)
    {
        if (x >= 0 && x < Width && y >= 0 && y < Height) _pixels[y * Width + x] = ink;
    }
}
