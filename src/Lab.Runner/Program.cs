using System.Reflection;
using Lab.CommandLine;
using Lab.Runner.Commands;
using Lab.Runner.Config;
using Lab.Runner.Progress;
using Lab.Runner.Store;
using Lab.Runner.Tracking.Mlflow;
using Spectre.Console;

namespace Lab.Runner;

/// <summary>Dispatches the command line (grammar in the core's Cli.fs) to one command.</summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        var parse = Cli.Parse(Cli.ProgramName, args);
        if (parse is CliParse.Invalid invalid)
        {
            Console.Error.WriteLine(invalid.Message);
            return ExitCodes.BadInput;
        }
        var command = ((CliParse.Parsed)parse).Item;
        var console = Consoles.Create();
        try
        {
            return command switch
            {
                Command.Train train => TrainCommand.Run(train.Item, console),
                Command.Eval eval => EvalCommand.Run(eval.Item, console),
                Command.Sweep sweep => SweepCommand.Run(sweep.Item, console),
                Command.Report report => ReportCommand.Run(report.Item.ResultsDir, console),
                Command.Status status => StatusCommand.Run(status.Item.ResultsDir, Console.Out),
                Command.MlflowSync sync => MlflowCommand.Sync(sync.Item, console),
                Command.Bench bench => BenchCommand.Run(bench.Item, console),
                Command.List list => ListCommand.Run(list.What, console),
                Command.Completion completion => Print(CompletionCommand.Script(completion.Shell)),
                Command.Play play => PlayCommand.Run(play.Item),
                Command.Render render => RenderCommand.Run(render.Item),
                Command.ShowHelp help => Print(help.Text),
                _ when command.IsShowVersion => Print(VersionText()),
                _ => throw new InvalidOperationException($"unhandled command {command}"),
            };
        }
        catch (ConfigException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return ExitCodes.BadInput;
        }
        catch (SweepLockedException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return ExitCodes.BadInput;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"runner: {ex.Message}");
            return ExitCodes.IoError;
        }
        catch (Exception ex) when (Environment.GetEnvironmentVariable("DQNLAB_DEBUG") is null)
        {
            Console.Error.WriteLine($"runner: internal error: {ex.GetType().Name}: {ex.Message}");
            Console.Error.WriteLine("This is a bug in DqnLab; run again with DQNLAB_DEBUG=1 for the stack trace.");
            return ExitCodes.InternalError;
        }
    }

    /// <summary>"runner 1.0.0 (commit 7f910c006200)": the SDK stamps the commit into the informational version.</summary>
    internal static string VersionText()
    {
        var informational = typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "";
        var plus = informational.IndexOf('+');
        var version = plus < 0 ? informational : informational[..plus];
        var commit = plus < 0 ? "unknown" : informational[(plus + 1)..];
        return $"runner {(version.Length > 0 ? version : "unknown")} (commit {(commit.Length > 12 ? commit[..12] : commit)})";
    }

    private static int Print(string text)
    {
        Console.WriteLine(text);
        return ExitCodes.Ok;
    }
}
