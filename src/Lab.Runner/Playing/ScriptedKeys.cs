using System.Text;
using Lab.Runner.Rendering;

namespace Lab.Runner.Playing;

/// <summary>
/// Keys read as words from a text (an --input file or a pipe into stdin), separated by white space or
/// commas: a/left/l, d/right/r, s/down/none, q/quit; the terminal's arrow-key sequences (ESC [ D, C, B)
/// count too, so a recorded keystroke stream replays. An unknown word is skipped with a note on stderr.
/// A script has no time pressure: it always answers at once.
/// </summary>
internal sealed class ScriptedKeys(TextReader reader, string source) : IKeySource
{
    /// <summary>No key is longer: a longer word is kept only this far (a file without white space is not one endless word in memory).</summary>
    private const int MaxWord = 32;

    public bool Ended { get; private set; }

    public PersonKey? Next(TimeSpan? limit, CancellationToken cancel)
    {
        while (ReadWord() is { } word)
        {
            cancel.ThrowIfCancellationRequested();
            if (KeyOf(word) is { } key) return key;
            Console.Error.WriteLine($"{source}: {Config.ConfigText.Quote(word)} is not a key (a, d, s, left, right, down, q); skipped");
        }
        Ended = true;
        return null;
    }

    public static PersonKey? KeyOf(string word) => word.ToLowerInvariant() switch
    {
        "a" or "l" or "left" or "\u001b[d" => PersonKey.Left,
        "d" or "r" or "right" or "\u001b[c" => PersonKey.Right,
        "s" or "down" or "none" or "\u001b[b" => PersonKey.Neutral,
        "q" or "quit" => PersonKey.Quit,
        _ => null,
    };

    private string? ReadWord()
    {
        var sb = new StringBuilder();
        while (true)
        {
            var next = reader.Peek();
            if (next < 0) return sb.Length > 0 ? sb.ToString() : null;
            var ch = (char)next;
            if (ch == '\u001b')
            {
                if (sb.Length > 0) return sb.ToString(); // the sequence is the next word
                for (var i = 0; i < 3 && reader.Peek() >= 0; i++) sb.Append((char)reader.Read());
                return sb.ToString();
            }
            reader.Read();
            if (char.IsWhiteSpace(ch) || ch == ',')
            {
                if (sb.Length > 0) return sb.ToString();
                continue;
            }
            if (sb.Length < MaxWord) sb.Append(ch);
            else if (sb.Length == MaxWord) sb.Append('…');
        }
    }

    public void Dispose() => reader.Dispose();
}
