using System.Diagnostics;

namespace Lab.Runner.Tests.Support;

/// <summary>Runs the built `runner` as a person would: a separate process, real files, exit code and output.</summary>
public static class RunnerProcess
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public string All => Output + Error;
    }

    /// <summary>The runner.dll built beside the tests (a project reference copies it here).</summary>
    public static string RunnerDll { get; } = Path.Combine(AppContext.BaseDirectory, "runner.dll");

    public static Result Run(string workingDirectory, params string[] args) =>
        Run(workingDirectory, TimeSpan.FromMinutes(3), null, args);

    public static Result Run(string workingDirectory, TimeSpan timeout, IDictionary<string, string?>? environment,
        params string[] args)
    {
        using var process = Start(workingDirectory, environment, args);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"runner {string.Join(' ', args)} did not finish within {timeout}");
        }
        return new Result(process.ExitCode, output.Result, error.Result);
    }

    /// <summary>As <see cref="Run(string, string[])"/>, with <paramref name="input"/> piped into its stdin (then closed).</summary>
    public static Result RunWithInput(string workingDirectory, string input, params string[] args)
    {
        var info = Info(workingDirectory, null, args);
        info.RedirectStandardInput = true;
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(input);
        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"runner {string.Join(' ', args)} did not finish within 3 minutes");
        }
        return new Result(process.ExitCode, output.Result, error.Result);
    }

    public static Process Start(string workingDirectory, IDictionary<string, string?>? environment, params string[] args) =>
        Process.Start(Info(workingDirectory, environment, args)) ?? throw new InvalidOperationException("could not start dotnet");

    private static ProcessStartInfo Info(string workingDirectory, IDictionary<string, string?>? environment, string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(RunnerDll);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        info.Environment["MLFLOW_TRACKING_URI"] = null;
        info.Environment["NO_COLOR"] = "1";
        if (environment is not null)
            foreach (var (key, value) in environment) info.Environment[key] = value;
        return info;
    }
}
