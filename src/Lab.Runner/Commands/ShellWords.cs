namespace Lab.Runner.Commands;

/// <summary>A command line as a person pastes it into a POSIX shell: words quoted only where the shell needs it.</summary>
internal static class ShellWords
{
    public static string Join(IEnumerable<string> words) => string.Join(' ', words.Select(Quote));

    public static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,+@%".Contains(c))
            ? word
            : "'" + word.Replace("'", "'\\''") + "'";
}
