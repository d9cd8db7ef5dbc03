using System.Diagnostics;

namespace Lab.Runner.Execution;

/// <summary>Runs sbatch (found on PATH) and reads the job id it answers with --parsable ("1234" or "1234;cluster").</summary>
internal static class SlurmSubmitter
{
    /// <summary>The full path of <paramref name="program"/> in a folder of PATH, or null.</summary>
    public static string? FindOnPath(string program)
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, program);
            if (File.Exists(candidate) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(candidate) & UnixFileMode.UserExecute) != 0))
                return candidate;
        }
        return null;
    }

    /// <summary>Submits with <paramref name="arguments"/>; the job id.</summary>
    /// <exception cref="SlurmException">sbatch refused (its message), or answered no job id.</exception>
    public static string Submit(string sbatch, IReadOnlyList<string> arguments)
    {
        var info = new ProcessStartInfo(sbatch) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info) ?? throw new SlurmException($"could not start {sbatch}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new SlurmException($"{sbatch} did not answer within 2 minutes");
        }
        var answer = output.Result.Trim();
        if (process.ExitCode != 0) throw new SlurmException($"sbatch refused the job (exit {process.ExitCode}): {(error.Result + answer).Trim()}");
        var id = answer.Split('\n').Last().Split(';')[0].Trim();
        if (id.Length == 0 || !id.All(char.IsAsciiDigit)) throw new SlurmException($"sbatch answered no job id: {answer}");
        return id;
    }
}

/// <summary>Slurm refused a submission; the message says what sbatch said.</summary>
internal sealed class SlurmException(string message) : Exception(message);
