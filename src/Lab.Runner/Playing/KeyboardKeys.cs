using Lab.Runner.Rendering;

namespace Lab.Runner.Playing;

/// <summary>The keyboard of the terminal: arrow keys, a/d/s, space, q or Esc; waits as long as it is allowed to.</summary>
internal sealed class KeyboardKeys : IKeySource
{
    public bool Ended => false;

    public PersonKey? Next(TimeSpan? limit, CancellationToken cancel)
    {
        var until = limit is { } l ? DateTime.UtcNow + l : DateTime.MaxValue;
        while (true)
        {
            cancel.ThrowIfCancellationRequested();
            if (Console.KeyAvailable)
            {
                if (KeyOf(Console.ReadKey(intercept: true)) is { } key) return key;
                continue;
            }
            if (DateTime.UtcNow >= until) return null;
            Thread.Sleep(10);
        }
    }

    /// <summary>A key pressed since the last look, without waiting (null when none).</summary>
    public static PersonKey? Pending()
    {
        while (Console.KeyAvailable)
            if (KeyOf(Console.ReadKey(intercept: true)) is { } key)
                return key;
        return null;
    }

    private static PersonKey? KeyOf(ConsoleKeyInfo info) => info.Key switch
    {
        ConsoleKey.LeftArrow or ConsoleKey.A => PersonKey.Left,
        ConsoleKey.RightArrow or ConsoleKey.D => PersonKey.Right,
        ConsoleKey.DownArrow or ConsoleKey.S or ConsoleKey.Spacebar => PersonKey.Neutral,
        ConsoleKey.Q or ConsoleKey.Escape => PersonKey.Quit,
        _ => null,
    };

    public void Dispose()
    {
    }
}
