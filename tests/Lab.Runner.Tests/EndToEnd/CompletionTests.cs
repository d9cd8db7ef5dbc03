using System.Diagnostics;
using Lab.Runner.Tests.Support;
using Xunit;

namespace Lab.Runner.Tests.EndToEnd;

/// <summary>`runner completion bash|zsh`: the scripts complete commands, flags, config keys and files in the real shells.</summary>
public sealed class CompletionTests
{
    /// <summary>What bash completes for the words typed so far (the last one being completed), with the script loaded as a user would.</summary>
    private static string[] BashCompletes(string workingDirectory, string script, params string[] words)
    {
        var line = string.Join(' ', words.Select(w => $"'{w}'"));
        var program = $"""
            source '{script}'
            COMP_WORDS=(runner {line}); COMP_CWORD={words.Length}
            _runner_complete
            printf '%s\n' "${"{"}COMPREPLY[@]{"}"}"
            """;
        var (exitCode, output) = Shell("bash", workingDirectory, program);
        Assert.True(exitCode == 0, output);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private static (int, string) Shell(string shell, string workingDirectory, string program)
    {
        var info = new ProcessStartInfo(shell) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(program);
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result + error.Result);
    }

    private static string Script(TempDirectory temp, string shell)
    {
        var run = RunnerProcess.Run(temp.Path, "completion", shell);
        Assert.True(run.ExitCode == 0, run.All);
        return temp.File($"runner.{shell}", run.Output);
    }

    [Fact]
    public void Bash_completes_commands_flags_config_keys_and_yaml_files()
    {
        using var temp = new TempDirectory();
        var script = Script(temp, "bash");
        temp.File("grid.yaml", "seeds: 2\n");
        temp.File("notes.txt", "");
        Directory.CreateDirectory(Path.Combine(temp.Path, "experiments"));

        Assert.Equal(["sweep"], BashCompletes(temp.Path, script, "sw"));
        Assert.Equal(["list"], BashCompletes(temp.Path, script, "li"));
        Assert.Equal(["--jobs"], BashCompletes(temp.Path, script, "sweep", "--jo"));
        Assert.Equal(["--dry-run"], BashCompletes(temp.Path, script, "sweep", "grid.yaml", "--dr"));
        Assert.Equal(["experiments/", "grid.yaml"], BashCompletes(temp.Path, script, "sweep", "").Order());
        Assert.Equal(["epsilon.decay=", "epsilon.decay_start=", "epsilon.decay_steps="],
            BashCompletes(temp.Path, script, "sweep", "grid.yaml", "--set", "epsilon.dec").Order());
        Assert.Equal(["optimizer.learning_rate="], BashCompletes(temp.Path, script, "train", "grid.yaml", "optimizer.lea"));
        Assert.Equal(["envs", "experiments"], BashCompletes(temp.Path, script, "list", "e").Order());
        Assert.Equal(["bash", "zsh"], BashCompletes(temp.Path, script, "completion", "").Order());
        Assert.Equal(["sync"], BashCompletes(temp.Path, script, "mlflow", ""));
        Assert.Equal(["--tracking-uri"], BashCompletes(temp.Path, script, "mlflow", "sync", "--tr"));
        Assert.Equal(["train"], BashCompletes(temp.Path, script, "bench", "--only", "tr"));
        Assert.Empty(BashCompletes(temp.Path, script, "sweep", "grid.yaml", "--jobs", ""));
    }

    [Fact]
    public void Zsh_loads_the_script_and_defines_the_completion_for_runner()
    {
        using var temp = new TempDirectory();
        var script = Script(temp, "zsh");
        if (!File.Exists("/usr/bin/zsh") && !File.Exists("/bin/zsh"))
        {
            // No zsh on this machine: the script is still checked for what compdef needs.
            Assert.StartsWith("#compdef runner", File.ReadAllText(script));
            return;
        }

        var (exitCode, output) = Shell("zsh", temp.Path,
            $"autoload -U compinit && compinit -u -D && source '{script}' && print -r -- $_comps[runner] && whence -w _runner");

        Assert.True(exitCode == 0, output);
        Assert.Equal(["_runner", "_runner: function"], output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
