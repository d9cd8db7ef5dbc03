using System.Text;
using Spectre.Console;

namespace Lab.Runner.Progress;

/// <summary>Spectre.Console's view of the terminal: a <see cref="LiveTerminal"/>, measured anew on each write (so resizes count).</summary>
internal sealed class TerminalOutput(LiveTerminal terminal) : IAnsiConsoleOutput
{
    public TextWriter Writer => terminal;

    public LiveTerminal Terminal => terminal;

    public bool IsTerminal => true;

    public int Width => LiveTerminal.Width;

    public int Height => LiveTerminal.Height;

    public void SetEncoding(Encoding encoding)
    {
        // Always UTF-8.
    }
}
