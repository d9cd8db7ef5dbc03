using System.Runtime.InteropServices;

namespace Lab.Runner.Progress;

/// <summary>
/// The terminal's size read from the kernel at each call (TIOCGWINSZ on standard output), so a frame
/// drawn right after a resize already has the new width; .NET's Console.WindowWidth learns of a resize
/// only when its SIGWINCH handler has run on another thread. Elsewhere than Linux, Console's figures.
/// </summary>
internal static partial class TerminalSize
{
    private const int StandardOutput = 1;
    private const nuint LinuxGetWindowSize = 0x5413;

    [StructLayout(LayoutKind.Sequential)]
    private struct WindowSize
    {
        public ushort Rows;
        public ushort Columns;
        public ushort XPixels;
        public ushort YPixels;
    }

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int GetWindowSize(int fd, nuint request, out WindowSize size);

    /// <summary>(columns, rows), or null when standard output is not a terminal that says.</summary>
    public static (int Columns, int Rows)? Read()
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                if (GetWindowSize(StandardOutput, LinuxGetWindowSize, out var size) == 0 && size.Columns > 0)
                    return (size.Columns, size.Rows);
            }
            catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
            {
                // Fall through to Console.
            }
        }
        try
        {
            return Console.WindowWidth > 0 ? (Console.WindowWidth, Console.WindowHeight) : null;
        }
        catch (Exception ex) when (ex is IOException or PlatformNotSupportedException or InvalidOperationException)
        {
            return null;
        }
    }
}
