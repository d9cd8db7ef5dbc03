using System.Globalization;

namespace Lab.Runner.Store;

/// <summary>
/// Opening a file of the results folder for reading: only a regular file (a named pipe would block, a
/// device read forever) and only up to its cap in <see cref="StoreLimits"/>. A file that is neither is
/// damage, reported like any other: a <see cref="FormatException"/> naming the file.
/// </summary>
internal static class StoreFile
{
    /// <summary>Whether something other than a folder is at <paramref name="path"/>: a file, or a pipe, socket or device that <see cref="OpenRead"/> refuses.</summary>
    public static bool Exists(string path) => File.Exists(path) || RegularFiles.Problem(path) is not null && !Directory.Exists(path);

    /// <summary>The file, open for reading while a trainer may still append to it or rename over it.</summary>
    /// <exception cref="FormatException">Not a regular file, or larger than <paramref name="maxBytes"/>.</exception>
    public static FileStream OpenRead(string path, long maxBytes)
    {
        if (RegularFiles.Problem(path) is { } kind) throw new FormatException($"{path}: {kind}");
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (stream.Length > maxBytes)
        {
            var length = stream.Length;
            stream.Dispose();
            throw TooLarge(path, length, maxBytes);
        }
        return stream;
    }

    /// <summary>The whole file, of at most <paramref name="maxBytes"/> (checked again while reading: it may grow).</summary>
    /// <exception cref="FormatException">Not a regular file, or larger than <paramref name="maxBytes"/>.</exception>
    public static byte[] ReadAllBytes(string path, int maxBytes)
    {
        using var stream = OpenRead(path, maxBytes);
        var buffer = new byte[Math.Min(stream.Length, maxBytes) + 1];
        var read = 0;
        int n;
        while ((n = stream.Read(buffer, read, buffer.Length - read)) > 0)
        {
            read += n;
            if (read == buffer.Length)
            {
                if (buffer.Length > maxBytes) throw TooLarge(path, read, maxBytes);
                Array.Resize(ref buffer, (int)Math.Min(2L * buffer.Length, maxBytes + 1L));
            }
        }
        return buffer.AsSpan(0, read).ToArray();
    }

    private static FormatException TooLarge(string path, long bytes, long maxBytes) =>
        new($"{path}: {bytes.ToString("N0", CultureInfo.InvariantCulture)} bytes, more than the " +
            $"{maxBytes.ToString("N0", CultureInfo.InvariantCulture)} a {Path.GetFileName(path)} may have (damaged?)");
}
