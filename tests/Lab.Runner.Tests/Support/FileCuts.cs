namespace Lab.Runner.Tests.Support;

/// <summary>Damage done to files the Store wrote, as a crash or a writer still at work leaves them: no format is written by hand.</summary>
public static class FileCuts
{
    /// <summary>Keeps the first <paramref name="lines"/> lines (with their newlines) and drops the rest.</summary>
    public static void KeepLines(string path, int lines)
    {
        var text = File.ReadAllText(path);
        var end = 0;
        for (var n = 0; n < lines; n++) end = text.IndexOf('\n', end) + 1;
        File.WriteAllText(path, text[..end]);
    }

    /// <summary>Cuts the last line in half, its newline with it: a row being written.</summary>
    public static void CutLastLineInHalf(string path)
    {
        var text = File.ReadAllText(path).TrimEnd('\n');
        var start = text.LastIndexOf('\n') + 1;
        File.WriteAllText(path, text[..(start + (text.Length - start) / 2)]);
    }

    /// <summary>Keeps the first half of the file: a file that was not written whole.</summary>
    public static void KeepHalf(string path)
    {
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
    }
}
