using Spectre.Console;

namespace Lab.Runner.Progress;

/// <summary>The console the runner writes to: the terminal with a live region, or plain text for pipes and logs.</summary>
public static class Consoles
{
    /// <summary>
    /// On a terminal, a console over a <see cref="LiveTerminal"/>, which also takes Console.Out (and
    /// Console.Error when that is the terminal too), so that nothing written lands inside the live
    /// region; otherwise plain text without colour codes or wrapping.
    /// </summary>
    public static IAnsiConsole Create()
    {
        if (Console.IsOutputRedirected) return PlainConsole.Create(Console.Out);
        var terminal = new LiveTerminal(Console.OpenStandardOutput());
        Console.SetOut(terminal);
        if (!Console.IsErrorRedirected) Console.SetError(terminal);
        return AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Detect,
            ColorSystem = ColorSystemSupport.Detect,
            Interactive = InteractionSupport.Detect,
            Out = new TerminalOutput(terminal),
        });
    }

    /// <summary>The live terminal under a console, or null for plain output.</summary>
    internal static LiveTerminal? LiveTerminalOf(IAnsiConsole console) =>
        console.Profile.Out is TerminalOutput output ? output.Terminal : null;
}
