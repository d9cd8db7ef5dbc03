using System.Diagnostics;

namespace Lab.Runner.Tests.Support;

/// <summary>
/// Runs a shell script under a pseudo-terminal (util-linux `script`, in every Debian system) of a
/// given size, as a person's terminal would run it, and returns every byte the terminal received.
/// </summary>
public static class Pty
{
    /// <summary>The built runner as a shell word, for the script.</summary>
    public static string Runner { get; } = $"dotnet '{RunnerProcess.RunnerDll}'";

    public static (int ExitCode, string Output) Run(string workingDirectory, int columns, int rows, string script, TimeSpan timeout)
    {
        var info = new ProcessStartInfo("script")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-qfec", $"stty cols {columns} rows {rows}; {script}", "/dev/null" }) info.ArgumentList.Add(arg);
        info.Environment["TERM"] = "xterm-256color";
        info.Environment["NO_COLOR"] = "1";
        info.Environment["MLFLOW_TRACKING_URI"] = null;
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start script");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the script did not finish within {timeout}: {script}");
        }
        return (process.ExitCode, output.Result + error.Result);
    }

    /// <summary>Shell lines that resize the terminal while the runner (pid in $pid) is stopped, and tell the emulator where.</summary>
    public static string Resize(int columns) =>
        $"if kill -0 $pid 2>/dev/null; then kill -STOP $pid; stty cols {columns}; printf '\\033]777;resize;{columns}\\007'; kill -CONT $pid; fi";
}
