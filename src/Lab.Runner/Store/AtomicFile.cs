using System.Text;
using System.Text.RegularExpressions;

namespace Lab.Runner.Store;

/// <summary>
/// Writes a whole file or nothing, so that a crash or Ctrl+C never leaves a half file that looks whole:
/// a hidden temporary file in the same folder (<c>.name.PID.GUID.tmp</c>), flushed to the disk, then
/// renamed over the target. A write that fails removes its temporary file; one that a kill -9 cuts short
/// leaves it, and <see cref="DeleteLeftovers"/> removes it the next time the folder is written.
/// </summary>
internal static partial class AtomicFile
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static void WriteAllText(string path, string contents)
    {
        var bytes = Utf8.GetBytes(contents);
        Write(path, stream => stream.Write(bytes));
    }

    public static void WriteAllBytes(string path, ReadOnlySpan<byte> contents)
    {
        var bytes = contents.ToArray();
        Write(path, stream => stream.Write(bytes));
    }

    /// <summary>Text streamed by <paramref name="write"/> (UTF-8, no BOM, "\n" line ends), for files too large to build in memory first.</summary>
    public static void WriteText(string path, Action<TextWriter> write) =>
        Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, Utf8, 1 << 16, leaveOpen: true) { NewLine = "\n" };
            write(writer);
        });

    private static void Write(string path, Action<Stream> write)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>Throws the error a write into <paramref name="directory"/> would meet (read-only, access denied,
    /// full), by creating and removing a temporary file there: checked before work whose result it will hold.</summary>
    public static void CheckWritable(string directory)
    {
        var probe = Path.Combine(directory, $".probe.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
        {
        }
    }

    /// <summary>Deletes the temporary files that writes cut short by a kill left in <paramref name="directory"/>
    /// (Lab.Neural's model file names its temporary the same way); the caller holds the folder's lock.</summary>
    public static void DeleteLeftovers(string directory)
    {
        if (!Directory.Exists(directory)) return;
        foreach (var file in Directory.EnumerateFiles(directory, ".*.tmp"))
            if (TemporaryName().IsMatch(Path.GetFileName(file))) TryDelete(file);
    }

    /// <summary>Removes a file if it can; the write's own error is the one worth reporting.</summary>
    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { }
    }

    [GeneratedRegex(@"^\..+\.[0-9]+\.[0-9a-f]{32}\.tmp$")]
    private static partial Regex TemporaryName();
}
