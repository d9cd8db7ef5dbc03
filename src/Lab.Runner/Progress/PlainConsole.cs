using Spectre.Console;

namespace Lab.Runner.Progress;

/// <summary>A console for pipes, logs and tests: plain text, no colour codes, no live redrawing.</summary>
internal static class PlainConsole
{
    public static IAnsiConsole Create(TextWriter output, int width = 200)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = width;
        return console;
    }
}
