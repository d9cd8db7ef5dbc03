using System.Runtime.InteropServices;

namespace Lab.Runner;

/// <summary>
/// Whether a path the runner is about to read names a regular file, asked of the file system without
/// opening it: opening a named pipe (FIFO) for reading waits for a writer that may never come, and a
/// device such as /dev/zero reads forever. On Linux the file's type comes from statx (whose layout is the
/// same on every architecture); elsewhere only a folder is told apart.
/// </summary>
internal static partial class RegularFiles
{
    private const int CurrentDirectory = -100; // AT_FDCWD
    private const uint TypeOnly = 0x1;          // STATX_TYPE
    private const int ModeOffset = 28;          // struct statx: stx_mode, a u16 after mask, blksize, attributes, nlink, uid, gid
    private const int StatxSize = 256;

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Statx(int directory, string path, int flags, uint mask, [Out] byte[] buffer);

    /// <summary>
    /// Null when <paramref name="path"/> is a regular file (or a link to one), or names nothing (the caller
    /// says "not found" in its own words); otherwise what it is, for a message: "is a named pipe (FIFO), not a
    /// regular file".
    /// </summary>
    public static string? Problem(string path)
    {
        if (string.IsNullOrEmpty(path) || path.Contains('\0')) return null;
        if (Directory.Exists(path)) return "is a folder, not a file";
        if (!OperatingSystem.IsLinux()) return null;
        var buffer = new byte[StatxSize];
        try
        {
            if (Statx(CurrentDirectory, path, 0, TypeOnly, buffer) != 0) return null; // gone, or not ours to look at: opening it will say
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
        var kind = BitConverter.ToUInt16(buffer, ModeOffset) & 0xF000; // S_IFMT
        return kind switch
        {
            0x8000 => null, // S_IFREG
            0x4000 => "is a folder, not a file",
            0x1000 => "is a named pipe (FIFO), not a regular file",
            0xC000 => "is a socket, not a regular file",
            0x2000 => "is a character device, not a regular file",
            0x6000 => "is a block device, not a regular file",
            _ => "is not a regular file",
        };
    }
}
