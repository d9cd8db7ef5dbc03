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
        var parse = Cli.Parse("runner", args);
        if (parse is CliParse.Invalid invalid)
        {
            Console.Error.WriteLine(invalid.Message);
            return ExitCodes.BadInput;
        }
        var command = ((CliParse.Parsed)parse).Item;
        var console = CreateConsole();
        try
        {
            return command switch
            {
                Command.Train train => TrainCommand.Run(train.Item, console),
                Command.Eval eval => EvalCommand.Run(eval.Item, console),
                Command.Sweep sweep => SweepCommand.Run(sweep.Item, console),
                Command.Report report => ReportCommand.Run(report.Item.ResultsDir, console),
                Command.MlflowSync sync => MlflowCommand.Sync(sync.Item, console),
                Command.Bench bench => BenchCommand.Run(bench.Item, console),
                Command.Play play => PlayCommand.Run(play.Item),
                Command.Render render => RenderCommand.Run(render.Item),
                Command.ShowHelp help => Print(help.Text),
                _ when command.IsShowVersion => Print(typeof(Program).Assembly.GetName().Version?.ToString() ?? "unknown"),
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

    /// <summary>The terminal as it is; for pipes and logs, plain text without colour codes or wrapping.</summary>
    private static IAnsiConsole CreateConsole() =>
        Console.IsOutputRedirected ? PlainConsole.Create(Console.Out) : AnsiConsole.Console;

    private static int Print(string text)
    {
        Console.WriteLine(text);
        return ExitCodes.Ok;
    }
}
